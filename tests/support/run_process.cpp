#include "support/run_process.hpp"

#include <thread>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace unstuck::test {

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::string& input) {
    Poco::Pipe in_pipe, out_pipe, err_pipe;
    Poco::Process::Args poco_args(args.begin(), args.end());
    auto handle = Poco::Process::launch(program, poco_args, &in_pipe, &out_pipe, &err_pipe);
    ProcessResult result;
    // Read both streams while writing, so a chatty child never blocks on a full pipe.
    std::thread out_reader([&] {
        Poco::PipeInputStream s(out_pipe);
        Poco::StreamCopier::copyToString(s, result.out);
    });
    std::thread err_reader([&] {
        Poco::PipeInputStream s(err_pipe);
        Poco::StreamCopier::copyToString(s, result.err);
    });
    {
        Poco::PipeOutputStream s(in_pipe);
        s << input;
        s.close();
    }
    in_pipe.close(Poco::Pipe::CLOSE_WRITE);
    out_reader.join();
    err_reader.join();
    result.exit_code = handle.wait();
    return result;
}

ProcessResult run_host(const std::vector<std::string>& args, const std::string& input) {
    return run_process(UNSTUCK_HOST_EXE, args, input);
}

}  // namespace unstuck::test

#pragma once
//! Keeps secret values out of log lines and error messages.

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace unstuck::core {

//! A process-wide list of secret values; redact() replaces each occurrence with `***`.
class Redactor {
  public:
    //! The process-wide instance every log sink and the HTTP client use.
    static Redactor& global();

    //! Registers a secret value (values shorter than 4 characters are ignored: they would redact ordinary
    //! text).
    void add(std::string value);
    //! The text with every registered secret replaced by `***`.
    std::string redact(std::string_view text) const;

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
};

}  // namespace unstuck::core

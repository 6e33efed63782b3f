// The queue between the sweep's reader and its workers: items come out in the order they went in, a full
// queue holds the producer back until a consumer pops, and closing wakes every waiting consumer.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "util/bounded_queue.hpp"

namespace unstuck::core {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueue, ItemsComeOutInTheOrderTheyWentIn) {
    BoundedQueue<int> queue(8);
    for (int i = 0; i < 5; ++i) queue.push(i);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(queue.pop(), i);
}

TEST(BoundedQueue, OrderIsKeptAcrossThreadsThroughASmallQueue) {
    BoundedQueue<int> queue(2);
    constexpr int kCount = 1000;
    std::thread producer([&] {
        for (int i = 0; i < kCount; ++i) queue.push(i);
        queue.close();
    });
    std::vector<int> seen;
    while (auto item = queue.pop()) seen.push_back(*item);
    producer.join();
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(kCount));
    for (int i = 0; i < kCount; ++i) ASSERT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(BoundedQueue, MoveOnlyItemsPassThrough) {
    BoundedQueue<std::unique_ptr<int>> queue(1);
    queue.push(std::make_unique<int>(7));
    auto item = queue.pop();
    ASSERT_TRUE(item && *item);
    EXPECT_EQ(**item, 7);
}

TEST(BoundedQueue, AFullQueueBlocksThePushUntilAPop) {
    BoundedQueue<int> queue(2);
    queue.push(1);
    queue.push(2);
    std::atomic<bool> pushed{false};
    std::thread producer([&] {
        queue.push(3);
        pushed = true;
    });
    std::this_thread::sleep_for(100ms);
    EXPECT_FALSE(pushed) << "a push into a full queue returned";
    EXPECT_EQ(queue.pop(), 1);
    producer.join();
    EXPECT_TRUE(pushed);
    EXPECT_EQ(queue.pop(), 2);
    EXPECT_EQ(queue.pop(), 3);
}

TEST(BoundedQueue, ACapacityOfZeroStillHoldsOneItem) {
    BoundedQueue<int> queue(0);
    queue.push(1);
    queue.close();
    EXPECT_EQ(queue.pop(), 1);
    EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(BoundedQueue, CloseWakesEveryWaitingConsumer) {
    BoundedQueue<int> queue(4);
    std::vector<std::future<std::optional<int>>> consumers;
    for (int i = 0; i < 3; ++i)
        consumers.push_back(std::async(std::launch::async, [&] { return queue.pop(); }));
    std::this_thread::sleep_for(100ms);
    for (auto& c : consumers) EXPECT_EQ(c.wait_for(0s), std::future_status::timeout) << "pop returned early";
    queue.close();
    for (auto& c : consumers) {
        ASSERT_EQ(c.wait_for(10s), std::future_status::ready) << "close left a consumer waiting";
        EXPECT_EQ(c.get(), std::nullopt);
    }
}

TEST(BoundedQueue, ConsumersDrainWhatIsLeftAfterClose) {
    BoundedQueue<int> queue(4);
    queue.push(1);
    queue.push(2);
    queue.close();
    EXPECT_EQ(queue.pop(), 1);
    EXPECT_EQ(queue.pop(), 2);
    EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(BoundedQueue, CloseReleasesABlockedProducerAndDropsItsItem) {
    BoundedQueue<int> queue(1);
    queue.push(1);
    std::thread producer([&] { queue.push(2); });
    std::this_thread::sleep_for(50ms);
    queue.close();
    producer.join();
    EXPECT_EQ(queue.pop(), 1);
    EXPECT_EQ(queue.pop(), std::nullopt);
}

}  // namespace
}  // namespace unstuck::core

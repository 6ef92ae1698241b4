// OrderedPool: results in submission order, at most max_in_flight items in
// flight, work exceptions rethrown in order, for several thread counts.
#include "ordered_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace geokg::cli {
namespace {

struct PoolCase {
  std::string name;
  int threads;
  size_t max_in_flight;
  int items;
  int throw_at;  // Item whose work throws, or -1.
};

class OrderedPoolTest : public ::testing::TestWithParam<PoolCase> {};

TEST_P(OrderedPoolTest, EmitsInOrderWithinBound) {
  const PoolCase& c = GetParam();
  std::atomic<int> in_flight{0};  // Submitted, not yet emitted.
  std::atomic<int> most_in_flight{0};
  std::atomic<int> most_working{0};
  std::atomic<int> working{0};
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> emitted;
  bool emitted_off_caller = false;

  OrderedPool<int, int> pool(
      c.threads, c.max_in_flight,
      [&](int&& item, int worker) {
        EXPECT_GE(worker, 0);
        EXPECT_LT(worker, std::max(c.threads, 1));
        int now = ++working;
        int seen = most_working.load();
        while (now > seen && !most_working.compare_exchange_weak(seen, now)) {
        }
        // Later items finish first, so that order has to be restored.
        std::this_thread::sleep_for(std::chrono::microseconds((item * 7919) % 13 * 50));
        --working;
        if (item == c.throw_at) throw std::runtime_error("item " + std::to_string(item));
        return item * 10;
      },
      [&](int&& result) {
        if (std::this_thread::get_id() != caller) emitted_off_caller = true;
        emitted.push_back(result);
        --in_flight;
      });

  std::string error;
  try {
    for (int i = 0; i < c.items; ++i) {
      int now = ++in_flight;
      most_in_flight = std::max(most_in_flight.load(), now);
      pool.Submit(i);
    }
    pool.Finish();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }

  const int expected = c.throw_at >= 0 ? c.throw_at : c.items;
  ASSERT_EQ(emitted.size(), static_cast<size_t>(expected));
  for (int i = 0; i < expected; ++i) EXPECT_EQ(emitted[static_cast<size_t>(i)], i * 10) << i;
  EXPECT_EQ(error, c.throw_at >= 0 ? "item " + std::to_string(c.throw_at) : "");
  EXPECT_FALSE(emitted_off_caller);
  // Counted before Submit, so one more than the pool itself holds.
  EXPECT_LE(most_in_flight.load(), static_cast<int>(c.max_in_flight) + 1);
  EXPECT_LE(most_working.load(), std::max(c.threads, 1));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OrderedPoolTest,
    ::testing::Values(PoolCase{"inline", 1, 4, 50, -1}, PoolCase{"zero_threads", 0, 4, 5, -1},
                      PoolCase{"two_threads", 2, 6, 200, -1},
                      PoolCase{"four_threads", 4, 12, 300, -1}, PoolCase{"bound_one", 4, 1, 40, -1},
                      PoolCase{"no_items", 3, 9, 0, -1}, PoolCase{"throws_inline", 1, 4, 20, 7},
                      PoolCase{"throws_threaded", 3, 9, 100, 42}),
    [](const ::testing::TestParamInfo<PoolCase>& info) { return info.param.name; });

// With max_in_flight items submitted, Submit() blocks until the head is
// done: a worker held back keeps the caller waiting, not queueing more.
TEST(OrderedPoolBoundTest, SubmitWaitsForTheHead) {
  std::atomic<bool> release{false};
  std::atomic<int> started{0};
  std::vector<int> emitted;
  OrderedPool<int, int> pool(
      2, 2,
      [&](int&& item, int) {
        ++started;
        if (item == 0) {
          while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return item;
      },
      [&](int&& result) { emitted.push_back(result); });
  pool.Submit(0);
  pool.Submit(1);
  std::atomic<bool> third_submitted{false};
  std::thread submitter([&] {
    pool.Submit(2);
    third_submitted = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(third_submitted.load());
  EXPECT_LE(started.load(), 2);
  release = true;
  submitter.join();
  EXPECT_TRUE(third_submitted.load());
  pool.Finish();
  EXPECT_EQ(emitted, (std::vector<int>{0, 1, 2}));
}

}  // namespace
}  // namespace geokg::cli

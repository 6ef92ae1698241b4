// OrderedPool: runs one function over a stream of items on worker threads and
// hands the results back in submission order, with a bounded number of items
// in flight, so that a feed of any length is processed in bounded memory.
//
// The thread that calls Submit() and Finish() is the only one that calls
// `emit`; results reach it in exactly the order their items were submitted,
// whatever the order the workers finish in. With threads <= 1 no thread is
// started: Submit() runs `work` and then `emit` on the calling thread.
//
// Thread safety: Submit() and Finish() from one thread only. `work` runs on
// the workers concurrently (worker index in [0, threads)); it may throw: the
// exception is rethrown by the Submit() or Finish() call that reaches that
// item's turn to be emitted. An exception from `emit` propagates likewise.
// The destructor stops the workers (each finishes its current item) and
// drops results not yet emitted; call Finish() to emit everything.
#ifndef GEOKG_CLI_ORDERED_POOL_H_
#define GEOKG_CLI_ORDERED_POOL_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace geokg::cli {

template <typename In, typename Out>
class OrderedPool {
 public:
  using Work = std::function<Out(In&& item, int worker)>;
  using Emit = std::function<void(Out&& result)>;

  // `max_in_flight` (at least 1) bounds the items submitted but not yet
  // emitted; Submit() blocks, emitting, while it is reached.
  OrderedPool(int threads, size_t max_in_flight, Work work, Emit emit)
      : max_in_flight_(std::max<size_t>(max_in_flight, 1)),
        work_(std::move(work)),
        emit_(std::move(emit)) {
    if (threads <= 1) return;
    workers_.reserve(static_cast<size_t>(threads));
    for (int w = 0; w < threads; ++w) workers_.emplace_back([this, w] { WorkerLoop(w); });
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  ~OrderedPool() { Stop(); }

  // Queues `item`, after emitting results until fewer than max_in_flight
  // items are in flight; then emits the results that are ready, in order.
  void Submit(In item) {
    if (workers_.empty()) {
      emit_(work_(std::move(item), 0));
      return;
    }
    EmitUntil(max_in_flight_ - 1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      slots_.push_back(std::make_unique<Slot>(std::move(item)));
    }
    work_cv_.notify_one();
    EmitUntil(max_in_flight_);
  }

  // Emits every remaining result, in order, and stops the workers.
  void Finish() {
    if (workers_.empty()) return;
    EmitUntil(0);
    Stop();
  }

 private:
  struct Slot {
    explicit Slot(In&& item) : in(std::move(item)) {}
    In in;
    std::optional<Out> out;
    std::exception_ptr error;
    bool done = false;
  };

  void WorkerLoop(int worker) {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      work_cv_.wait(lock, [this] { return stopping_ || next_unstarted_ < slots_.size(); });
      if (stopping_) return;
      Slot* slot = slots_[next_unstarted_++].get();
      lock.unlock();
      try {
        slot->out.emplace(work_(std::move(slot->in), worker));
      } catch (...) {
        slot->error = std::current_exception();
      }
      lock.lock();
      slot->done = true;
      if (slot == slots_.front().get()) done_cv_.notify_one();
    }
  }

  // Emits results in order: those already done, and more (waiting for them)
  // while more than `keep` items are in flight.
  void EmitUntil(size_t keep) {
    for (;;) {
      std::unique_ptr<Slot> head;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (slots_.empty()) return;
        if (!slots_.front()->done) {
          if (slots_.size() <= keep) return;
          done_cv_.wait(lock, [this] { return slots_.front()->done; });
        }
        head = std::move(slots_.front());
        slots_.pop_front();
        --next_unstarted_;  // The head was started: next_unstarted_ >= 1.
      }
      if (head->error) std::rethrow_exception(head->error);
      emit_(std::move(*head->out));
    }
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    for (std::thread& worker : workers_) {
      if (worker.joinable()) worker.join();
    }
  }

  const size_t max_in_flight_;
  const Work work_;
  const Emit emit_;
  std::vector<std::thread> workers_;

  std::mutex mu_;
  std::condition_variable work_cv_;          // Signals a new item, or stopping_.
  std::condition_variable done_cv_;          // Signals the head item done.
  std::deque<std::unique_ptr<Slot>> slots_;  // In flight, in submission order.
  size_t next_unstarted_ = 0;                // Index in slots_ of the first unstarted item.
  bool stopping_ = false;
};

}  // namespace geokg::cli

#endif  // GEOKG_CLI_ORDERED_POOL_H_

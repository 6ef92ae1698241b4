// JoiningThread: a std::thread that joins when it is destroyed or replaced
// (C++20's std::jthread without its stop token), so that a thread working
// on a function's locals never outlives them, on every return path.
// RunCatching: a job's Status, with an exception turned into IOError, for
// work run on such a thread.
#ifndef GEOKG_GRAPH_JOINING_THREAD_H_
#define GEOKG_GRAPH_JOINING_THREAD_H_

#include <exception>
#include <string>
#include <thread>
#include <utility>

#include "geokg/graph.h"

namespace geokg {

class JoiningThread {
 public:
  JoiningThread() = default;
  template <class F>
  explicit JoiningThread(F&& f) : thread_(std::forward<F>(f)) {}
  JoiningThread(JoiningThread&&) = default;
  JoiningThread& operator=(JoiningThread&& other) {
    Join();
    thread_ = std::move(other.thread_);
    return *this;
  }
  JoiningThread(const JoiningThread&) = delete;
  JoiningThread& operator=(const JoiningThread&) = delete;
  ~JoiningThread() { Join(); }

  // Waits for the thread, if there is one running.
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

// work() (returning Status), or IOError("<what> failed: ...") when it throws.
template <class F>
Status RunCatching(const char* what, F&& work) {
  try {
    return std::forward<F>(work)();
  } catch (const std::exception& e) {
    return Status::IOError(std::string(what) + " failed: " + e.what());
  }
}

}  // namespace geokg

#endif  // GEOKG_GRAPH_JOINING_THREAD_H_

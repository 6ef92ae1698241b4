// A one-line progress report on stderr, redrawn in place with "\r" at most
// kRedrawsPerSecond times a second. Inactive (every call a no-op) when
// stderr is not a terminal, so logs and pipes never see it.
#ifndef GEOKG_CLI_PROGRESS_H_
#define GEOKG_CLI_PROGRESS_H_

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <string>

namespace geokg::cli {

class ProgressLine {
 public:
  static constexpr int kRedrawsPerSecond = 10;

  ProgressLine() : active_(isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

  // Whether a redraw is due now (always when `force`); false when inactive.
  bool Due(bool force) {
    if (!active_) return false;
    const Clock::time_point now = Clock::now();
    if (!force && shown_ && now - last_ < std::chrono::milliseconds(1000 / kRedrawsPerSecond)) {
      return false;
    }
    last_ = now;
    return true;
  }
  // Seconds since construction, for rates.
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void Show(const std::string& line) {
    std::cerr << '\r' << line << "\033[K" << std::flush;
    shown_ = true;
  }
  // Erases the line so that a message or the summary starts at column 0.
  void Clear() {
    if (!active_ || !shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool active_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
};

}  // namespace geokg::cli

#endif  // GEOKG_CLI_PROGRESS_H_

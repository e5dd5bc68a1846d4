// BoundedQueue: a blocking multi-producer multi-consumer queue with a fixed capacity, the
// backpressure between the pipeline's stages (memory stays flat when input outruns processing).
//
// Thread-safety: all methods are safe to call concurrently.
#ifndef BULWARK_ADAPTERS_PIPELINE_BOUNDED_QUEUE_H_
#define BULWARK_ADAPTERS_PIPELINE_BOUNDED_QUEUE_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace bulwark::pipeline {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Adds `v` if there is room; false when full or closed.
  bool TryPush(T&& v) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closed_ || items_.size() >= capacity_) return false;
      items_.push_back(std::move(v));
    }
    not_empty_.notify_one();
    return true;
  }
  // Waits for room; false when the queue was closed.
  bool Push(T&& v) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(v));
    lock.unlock();
    not_empty_.notify_one();
    return true;
  }
  // Waits up to `timeout` until at most `at_most` items are queued (default: until there is
  // room for one), or the queue is closed. True when that much room was made. A producer that
  // waits for half the capacity refills in bursts instead of waking once per item.
  bool WaitForRoom(std::chrono::milliseconds timeout, size_t at_most = SIZE_MAX) {
    const size_t limit = std::min(at_most, capacity_ - 1);
    std::unique_lock<std::mutex> lock(mu_);
    return not_full_.wait_for(lock, timeout, [&] { return closed_ || items_.size() <= limit; }) &&
           !closed_;
  }
  // Waits for an item; nullopt when the queue is closed and empty.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T v = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    not_full_.notify_all();  // Push and WaitForRoom may both wait
    return v;
  }
  // Waits up to `timeout` for at least one item, then takes up to `max` items.
  std::vector<T> PopBatch(size_t max, std::chrono::milliseconds timeout) {
    std::vector<T> out;
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); });
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    lock.unlock();
    not_full_.notify_all();
    return out;
  }
  // Wakes every waiter; Push fails from now on, Pop drains what is left.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  // True once Close() was called and every item was taken.
  bool closed_and_empty() const {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_ && items_.empty();
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return items_.size();
  }
  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_BOUNDED_QUEUE_H_

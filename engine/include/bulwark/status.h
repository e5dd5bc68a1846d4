// Status and Result<T>: errors as values across module and plugin boundaries.
//
// A Status is either OK or carries a code and a human-readable message. A Result<T> holds either
// a T or a non-OK Status. Both are cheap to move and are not thread-safe to mutate concurrently
// (like any value type).
#ifndef BULWARK_STATUS_H_
#define BULWARK_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace bulwark {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something malformed (bad policy, bad input)
  kNotFound,         // a named file, key or object does not exist
  kIoError,          // reading or writing failed
  kFailedPrecondition,
  kInternal,  // a bug or an unexpected failure of a dependency
};

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "<code name>: <message>".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Holds a value or an error. Constructing a Result from an OK Status is a programming error and
// is converted into an Internal error so that callers never see an "OK without value".
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status)                         // NOLINT(google-explicit-constructor)
      : data_(status.ok() ? Status::Internal("Result constructed from an OK status")
                          : std::move(status)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }

  // The error; an OK status when the result holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  // Preconditions: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace bulwark

#endif  // BULWARK_STATUS_H_

// Dossier numbers handed out to creations whose writes are still in
// flight, per agency-day sequence: a creation takes its number, lets the
// next creation of that agency and day take the following one at once, and
// only then waits for its write. Internal to storage/.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace motcua::storage {

class NumbersInFlight {
 public:
  // A number registered as in flight until destroyed.
  class Hold {
   public:
    Hold(NumbersInFlight* numbers, std::string key, int64_t number);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    int64_t number() const { return number_; }

   private:
    NumbersInFlight* numbers_;
    std::string key_;
    int64_t number_;
  };

  // The highest number of `key` still in flight (0 when none). While any
  // write of `key` is in flight, the highest number handed out since the
  // first of them began is remembered, so the next starts above it.
  int64_t Highest(const std::string& key) ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Numbers {
    int64_t highest = 0;
    int writes = 0;
  };
  absl::Mutex mutex_;
  std::map<std::string, Numbers> numbers_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace motcua::storage

// Dossier numbers in flight (numbers_in_flight.h).
#include "storage/numbers_in_flight.h"

#include <algorithm>
#include <utility>

namespace motcua::storage {

int64_t NumbersInFlight::Highest(const std::string& key) {
  absl::MutexLock lock(&mutex_);
  auto it = numbers_.find(key);
  return it == numbers_.end() ? 0 : it->second.highest;
}

NumbersInFlight::Hold::Hold(NumbersInFlight* numbers, std::string key,
                            int64_t number)
    : numbers_(numbers), key_(std::move(key)), number_(number) {
  absl::MutexLock lock(&numbers_->mutex_);
  Numbers& n = numbers_->numbers_[key_];
  n.highest = std::max(n.highest, number);
  ++n.writes;
}

NumbersInFlight::Hold::~Hold() {
  absl::MutexLock lock(&numbers_->mutex_);
  auto it = numbers_->numbers_.find(key_);
  // The last write out: every number handed out is now stored (or was
  // never written), where the search for a free number finds it.
  if (--it->second.writes == 0) numbers_->numbers_.erase(it);
}

}  // namespace motcua::storage

// Spares a write the second read of its request id. Internal to storage/.
//
// A caller reads a request id (Store::FindAppliedRequest) before it writes,
// and the write reads the id again under the id's lock, since a concurrent
// write with the same id may have applied in between. That second read can
// only find something if a write with an id committed in between. So each
// slot of ids counts the writes with an id of that slot that committed, and
// remembers the last id of the slot read as not applied with the slot's
// count from before that read; a write whose id is that one, while the
// slot has counted no commit since, knows the id is still not applied.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace motcua::storage {

class AbsentRequestIds {
 public:
  // The count to give NoteAbsent(): take it before reading `id`.
  uint64_t CommitsBefore(absl::string_view id) const {
    return slots_[SlotOf(id)].commits.load(std::memory_order_acquire);
  }

  // `id` was read as not applied (or expired), after CommitsBefore() gave
  // `commits`.
  void NoteAbsent(absl::string_view id, uint64_t commits) {
    Slot& slot = slots_[SlotOf(id)];
    absl::MutexLock lock(&slot.mutex);
    slot.absent_id.assign(id.data(), id.size());
    slot.absent_since = commits;
  }

  // Whether `id` is known not to be applied. Only meaningful with the id's
  // request lock held, so that no write of this id is under way.
  bool KnownAbsent(absl::string_view id) {
    if (id.empty()) return false;
    Slot& slot = slots_[SlotOf(id)];
    absl::MutexLock lock(&slot.mutex);
    return slot.absent_id == id &&
           slot.absent_since == slot.commits.load(std::memory_order_acquire);
  }

  // A write with `id` has ended (committed or failed). Call once the write
  // is visible to readers and before the id's request lock is released: a
  // count taken after this sees the write in the store.
  void NoteCommitted(absl::string_view id) {
    slots_[SlotOf(id)].commits.fetch_add(1, std::memory_order_release);
  }

 private:
  struct Slot {
    std::atomic<uint64_t> commits{0};
    absl::Mutex mutex;
    std::string absent_id ABSL_GUARDED_BY(mutex);
    uint64_t absent_since ABSL_GUARDED_BY(mutex) = 0;
  };

  static size_t SlotOf(absl::string_view id) {
    return std::hash<std::string_view>{}(
               std::string_view(id.data(), id.size())) %
           kSlots;
  }

  static constexpr size_t kSlots = 1024;
  std::array<Slot, kSlots> slots_;
};

}  // namespace motcua::storage

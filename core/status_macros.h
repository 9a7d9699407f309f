// Status propagation for absl::Status / absl::StatusOr (abseil 20220623 has
// none of its own):
//   MOTCUA_RETURN_IF_ERROR(store.Put(x));
//   MOTCUA_ASSIGN_OR_RETURN(core::Unit unit, store.GetUnit(code, day));
// The second declares (or assigns) its left side from the value, or returns
// the error from the enclosing function, which must return absl::Status or
// an absl::StatusOr<T>.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define MOTCUA_RETURN_IF_ERROR(expr)                                  \
  do {                                                                \
    if (absl::Status motcua_status_ = (expr); !motcua_status_.ok()) { \
      return motcua_status_;                                          \
    }                                                                 \
  } while (false)

#define MOTCUA_STATUS_CONCAT_INNER(a, b) a##b
#define MOTCUA_STATUS_CONCAT(a, b) MOTCUA_STATUS_CONCAT_INNER(a, b)

#define MOTCUA_ASSIGN_OR_RETURN(lhs, expr) \
  MOTCUA_ASSIGN_OR_RETURN_IMPL(            \
      MOTCUA_STATUS_CONCAT(motcua_statusor_, __LINE__), lhs, expr)

#define MOTCUA_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)  \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

// The number of fields of an aggregate, counted when compiling: the most
// initializers T{...} accepts, each one a value that converts to any field's
// type (a field of class type takes one whole, without brace elision). The
// device copy of ModelView (device_model.cu) checks its field list against it.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace chokepoint {

namespace aggregate_detail {

//! Converts to anything; only named in unevaluated operands.
struct AnyField {
  template <class T>
  constexpr operator T() const noexcept;  // NOLINT(google-explicit-constructor)
};

template <class T, class Indices, class = void>
struct Initializable : std::false_type {};
template <class T, size_t... I>
struct Initializable<T, std::index_sequence<I...>,
                     std::void_t<decltype(T{(static_cast<void>(I), AnyField{})...})>>
    : std::true_type {};

}  // namespace aggregate_detail

//! Fields of the aggregate T (at most 255).
template <class T, size_t N = 0>
constexpr size_t aggregate_fields() {
  static_assert(std::is_aggregate_v<T>, "aggregate_fields() counts the fields of aggregates");
  static_assert(N < 256, "more fields than aggregate_fields() counts");
  if constexpr (aggregate_detail::Initializable<T, std::make_index_sequence<N + 1>>::value) {
    return aggregate_fields<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace chokepoint

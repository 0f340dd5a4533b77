#pragma once
// Ordering non-negative floats by their bits: for IEEE floats >= +0 the bit patterns, read as
// unsigned integers, order as the values do, so radix methods give exactly std::sort's order
// and std::nth_element's element, several times faster on the 10,000-50,000 samples the
// matte sorts and takes medians of for every photo. Values must be >= +0 and not NaN (a
// negative value gives a wrong order, never a bad memory access; nth_nonnegative then falls
// back to std::nth_element).
#include <cstddef>
#include <vector>

namespace photo {

// Sorts ascending (the same result as std::sort).
void sort_nonnegative(std::vector<float>& v);

// The k-th smallest value (k from 0): the element std::nth_element would put at k. `v` is left
// as it was. Requires k < v.size().
float nth_nonnegative(const std::vector<float>& v, std::size_t k);

}  // namespace photo

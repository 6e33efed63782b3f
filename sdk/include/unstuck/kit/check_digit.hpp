#pragma once
//! Check-digit algorithms of tracking-number formats: mod 10 with weights, mod 7, UPU S10, weighted mod 11,
//! Luhn and weighted digit sums.

#include <optional>
#include <span>
#include <string_view>

namespace unstuck::kit {

//! The numeric value of a character in a mod 10 sequence: a digit is itself, a letter is (ASCII - 3) mod 10
//! (A=2, B=3, ..., as UPS 1Z numbers map letters); anything else has no value.
std::optional<int> mod10_char_value(char c) noexcept;

//! The mod 10 check digit of `payload`: each character's value times `even_weight` at even 0-based positions
//! and `odd_weight` at odd ones, summed; the digit is (10 - sum mod 10) mod 10. With `from_right` the
//! positions count from the last character (position 0) leftwards. None when a character has no value.
std::optional<int> mod10_check_digit(std::string_view payload, int even_weight, int odd_weight,
                                     bool from_right = false) noexcept;

//! The mod 7 check digit of a digit string: the number modulo 7. None for a non-digit.
std::optional<int> mod7_check_digit(std::string_view digits) noexcept;

//! The S10 (UPU) check digit of 8 serial digits: weights 8 6 4 2 3 5 9 7, r = 11 - sum mod 11, 10 → 0, 11
//! → 5.
std::optional<int> s10_check_digit(std::string_view serial) noexcept;

//! The sum of digit times weight, weights applied from the left and repeated cyclically. None for a non-digit
//! or empty weights.
std::optional<long long> weighted_digit_sum(std::string_view digits, std::span<const int> weights) noexcept;

//! The weighted mod 11 check value of a digit string: each digit times its weight (weights from the left,
//! repeated cyclically), then (11 - sum mod 11) mod 11, from 0 to 10 (how a format writes 10, `X` or `0`, is
//! its own rule). With weights 10 9 8 ... 2 this is the ISBN-10 check digit. None for an empty string, a
//! non-digit or empty weights.
std::optional<int> mod11_check_digit(std::string_view digits, std::span<const int> weights) noexcept;

//! The Luhn (ISO/IEC 7812) check digit to append to a digit string: from the right, every other digit
//! doubled starting with the last one (9 subtracted from a result over 9), the digit is (10 - sum mod 10)
//! mod 10. None for an empty string or a non-digit.
std::optional<int> luhn_check_digit(std::string_view payload) noexcept;

//! True when a digit string ends in the Luhn check digit of the digits before it (at least two digits).
bool luhn_valid(std::string_view number) noexcept;

//! True when every character is an ASCII digit (and there is at least one).
bool all_digits(std::string_view s) noexcept;

//! The value of an ASCII digit, or -1.
inline int digit_value(char c) noexcept {
    return c >= '0' && c <= '9' ? c - '0' : -1;
}

}  // namespace unstuck::kit

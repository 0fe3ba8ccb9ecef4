// Parsing TOML text safely. toml++ 3.3 breaks its own preconditions on some
// inputs (found by fuzzing, tests/fuzz/); the text is scanned for those first
// and they are reported as ordinary parse errors.
//
// Longer than most files here: it is one scanner whose states (strings, keys,
// headers, values) share the cursor and the error reporting; split, each piece
// would need the whole of that state.
#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>

#include "host/scenario/detail.hpp"

namespace chokepoint {

namespace detail {
namespace {

// toml++ 3.3 has two defects that inputs can reach; on these inputs it breaks its own
// preconditions (an assertion failure, i.e. an abort, in debug builds; undefined
// behaviour, __builtin_assume / __builtin_unreachable, in release builds) instead of
// reporting a parse error:
//  * a table header whose name starts with a character that cannot start a key
//    (`[@x]`, `[[[x]]]`, `[` at the end of a line): marzer/tomlplusplus#301;
//  * its test for Unicode whitespace reaches __builtin_unreachable for most non-ASCII
//    characters (U+00A1 to U+0499, the en dash U+2013, ...), and the parser applies it
//    to the characters of keys and values outside quotes, and in a multi-line basic
//    string to the characters after a backslash;
//  * a `}` where an array expects a value (`[1, }`), a date followed by a space, a
//    digit and the end of the value (`1979-05-27 0`), and values that are not TOML
//    (`1979-05-27T:`) break preconditions of its value parser: the scanner checks the
//    form of every value outside quotes (numbers, booleans, dates, times).
// A text is scanned for these first. Outside strings and comments non-ASCII text is
// invalid TOML anyway; in a multi-line basic string it is valid after a line-ending
// backslash, but cannot be parsed safely, and is refused with its own message.
enum class Hazard {
  None,
  HeaderWithoutKey,
  NonAsciiOutsideString,
  NonAsciiAfterBackslash,
  BraceInArray,
  DateWithoutTime,
  InvalidValue
};

// Just enough of a TOML 1.0 lexer to find the first hazard. It follows valid TOML
// exactly. On text that is not valid TOML it may stop early (toml++ then reports an
// error before any later hazard) or go on leniently (parse_toml then parses the text
// before the hazard, and reports an earlier error if there is one).
class HazardScanner {
 public:
  static constexpr std::size_t npos = std::string_view::npos;

  explicit HazardScanner(std::string_view text) : s_(text) {}

  Hazard hazard() const { return hazard_; }

  //! Offset of the first hazard; npos when there is none, or when the scanner stopped
  //! at text that toml++ rejects (before reaching any hazard).
  std::size_t find() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    while (true) {
      skip_blank_lines();
      if (at_end()) return npos;
      const char c = s_[i_];
      if (c == '[') {
        if (!header()) return stop();
      } else if (starts_key(c)) {
        if (!key()) return stop();
        skip_ws();
        if (!eat('=')) return stop();
        skip_ws();
        if (!value(0)) return stop();
      } else {
        return stop();
      }
      if (!end_of_line()) return stop();
    }
  }

 private:
  static constexpr int kMaxDepth = 1000;  // toml++ itself stops at 256 nested values

  static bool ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }
  static bool bare(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  }
  static bool starts_key(char c) { return bare(c) || c == '"' || c == '\''; }
  static bool terminator(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' ||
           c == '#' || !ascii(c);
  }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // Where the scanner stopped: a hazard when it stopped at a non-ASCII character (or a
  // hazard was found deeper down), else nothing (toml++ reports an error here or before).
  std::size_t stop() {
    if (hazard_ != Hazard::None) return i_;
    if (at_end() || ascii(s_[i_])) return npos;
    hazard_ = Hazard::NonAsciiOutsideString;
    return i_;
  }
  bool found(Hazard hazard, std::size_t at) {
    hazard_ = hazard;
    i_ = at;
    return false;
  }

  bool at_end() const { return i_ >= s_.size(); }
  bool at(char c) const { return !at_end() && s_[i_] == c; }
  bool eat(char c) {
    if (!at(c)) return false;
    ++i_;
    return true;
  }
  bool skip_ws() {
    const std::size_t start = i_;
    while (at(' ') || at('\t')) ++i_;
    return i_ != start;
  }
  void skip_comment() {
    if (!at('#')) return;
    while (!at_end() && s_[i_] != '\n') ++i_;
  }
  bool newline() {
    if (eat('\n')) return true;
    if (at('\r') && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
      i_ += 2;
      return true;
    }
    return false;
  }
  // Spaces, comments and line breaks (between expressions, or between array values).
  void skip_blank_lines() {
    do {
      skip_ws();
      skip_comment();
    } while (newline());
  }
  bool end_of_line() {
    skip_ws();
    skip_comment();
    return at_end() || newline();
  }

  // `[` or `[[`, a key, `]` or `]]`.
  bool header() {
    ++i_;
    const bool spaced = skip_ws();
    bool array = false;
    if (at('[')) {
      if (spaced) return false;  // toml++: "[[array-of-table]] brackets must be contiguous"
      array = true;
      ++i_;
      skip_ws();
    }
    if (at_end() || at(']')) return false;  // toml++ reports these
    if (!starts_key(s_[i_])) return found(Hazard::HeaderWithoutKey, i_);
    if (!key()) return false;
    skip_ws();
    return eat(']') && (!array || eat(']'));
  }

  bool multi_line_start(char quote) const {
    return i_ + 2 < s_.size() && s_[i_ + 1] == quote && s_[i_ + 2] == quote;
  }

  bool single_line_string(char quote) {
    ++i_;
    while (!at_end()) {
      const char c = s_[i_];
      if (c == '\n') return false;
      if (quote == '"' && c == '\\') {
        i_ += 2;
        continue;
      }
      ++i_;
      if (c == quote) return true;
    }
    return false;
  }

  bool multi_line_string(char quote) {
    i_ += 3;
    while (!at_end()) {
      if (quote == '"' && s_[i_] == '\\') {
        // An escape, or a line-ending backslash: toml++ tests the next character, and
        // the whitespace and line breaks after a line-ending one, for Unicode whitespace.
        const std::size_t after = ++i_;
        while (at(' ') || at('\t') || at('\r') || at('\n')) ++i_;
        if (!at_end() && !ascii(s_[i_])) return found(Hazard::NonAsciiAfterBackslash, i_);
        if (i_ == after) ++i_;  // the escaped character (after a line break: content)
        continue;
      }
      if (s_[i_] == quote && multi_line_start(quote)) {
        i_ += 3;
        // Up to two more quotes are the end of the content (`""""` ends with `"`).
        for (int k = 0; k < 2 && at(quote); ++k) ++i_;
        return true;
      }
      ++i_;
    }
    return false;
  }

  // A dotted key: bare or quoted segments joined by `.` (spaces allowed around it).
  bool key() {
    while (true) {
      if (at_end()) return false;
      const char c = s_[i_];
      if (bare(c)) {
        while (!at_end() && bare(s_[i_])) ++i_;
      } else if (c == '"' || c == '\'') {
        if (multi_line_start(c)) {
          // toml++ reads the whole string before it refuses a multi-line key.
          multi_line_string(c);
          return false;
        }
        if (!single_line_string(c)) return false;
      } else {
        return false;
      }
      skip_ws();
      if (!eat('.')) return true;
      skip_ws();
    }
  }

  bool value(int depth) {
    if (depth > kMaxDepth || at_end()) return false;
    const char c = s_[i_];
    if (c == '"' || c == '\'') {
      return multi_line_start(c) ? multi_line_string(c) : single_line_string(c);
    }
    if (c == '[') return array(depth + 1);
    if (c == '{') return inline_table(depth + 1);
    return scalar();
  }

  bool array(int depth) {
    ++i_;
    while (true) {
      skip_blank_lines();
      if (eat(']')) return true;
      if (at('}')) return found(Hazard::BraceInArray, i_);
      if (!value(depth)) return false;
      skip_blank_lines();
      if (eat(',')) continue;
      return eat(']');
    }
  }

  bool inline_table(int depth) {
    ++i_;
    skip_ws();
    if (eat('}')) return true;
    while (true) {
      if (at_end() || !starts_key(s_[i_]) || !key()) return false;
      skip_ws();
      if (!eat('=')) return false;
      skip_ws();
      if (!value(depth)) return false;
      skip_ws();
      if (eat('}')) return true;
      if (!eat(',')) return false;
      skip_ws();
    }
  }

  // Whether toml++ takes `token` for a date that may go on after a space with a time:
  // ten characters besides underscores, digits and `-` only, `-` at 4 and 7.
  static bool date_like(std::string_view token) {
    std::string chars;
    for (char c : token) {
      if (c == '_') continue;
      if (!digit(c) && c != '-') return false;
      chars += c;
    }
    return chars.size() == 10 && digit(chars[0]) && chars[4] == '-' && chars[7] == '-';
  }

  // Numbers, booleans, dates and times: up to the next terminator; a date and a time
  // may be separated by a space (`1979-05-27 07:32:00`).
  bool scalar() {
    const std::size_t start = i_;
    while (!at_end() && !terminator(s_[i_])) ++i_;
    if (i_ == start) return false;
    if (date_like(s_.substr(start, i_ - start)) && at(' ') && i_ + 1 < s_.size() &&
        digit(s_[i_ + 1])) {
      // toml++ reads on after the digit, and must not meet the end of the value there.
      if (i_ + 2 < s_.size() && terminator(s_[i_ + 2])) {
        return found(Hazard::DateWithoutTime, start);
      }
      ++i_;
      while (!at_end() && !terminator(s_[i_])) ++i_;
    }
    if (!valid_scalar(s_.substr(start, i_ - start))) return found(Hazard::InvalidValue, start);
    return true;
  }

  // TOML 1.0 forms of the values outside quotes (the ranges of dates and times, and of
  // integers, are left to toml++, which reports them).
  static bool digits_in(std::string_view text, int base) {
    const auto is_digit = [base](char c) {
      if (base == 16) return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      return c >= '0' && c < static_cast<char>('0' + base);
    };
    if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) return false;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (text[k] == '_') {
        if (!is_digit(text[k + 1])) return false;  // no `__` (the last one is a digit)
      } else if (!is_digit(text[k])) {
        return false;
      }
    }
    return true;
  }
  static bool number(std::string_view t) {
    const bool sign = !t.empty() && (t[0] == '+' || t[0] == '-');
    std::string_view rest = t.substr(sign ? 1 : 0);
    if (rest == "inf" || rest == "nan") return true;
    if (!sign && rest.size() > 2 && rest[0] == '0' &&
        (rest[1] == 'x' || rest[1] == 'o' || rest[1] == 'b')) {
      return digits_in(rest.substr(2), rest[1] == 'x' ? 16 : rest[1] == 'o' ? 8 : 2);
    }
    // Integer part: 0, or digits (with single underscores) not starting with 0.
    const std::size_t end = std::min(rest.find_first_of(".eE"), rest.size());
    const std::string_view whole = rest.substr(0, end);
    if (!digits_in(whole, 10) || (whole.size() > 1 && whole[0] == '0')) return false;
    rest.remove_prefix(end);
    if (!rest.empty() && rest[0] == '.') {
      const std::size_t exponent = std::min(rest.find_first_of("eE"), rest.size());
      if (!digits_in(rest.substr(1, exponent - 1), 10)) return false;
      rest.remove_prefix(exponent);
    }
    if (rest.empty()) return true;
    rest.remove_prefix(1);  // e or E
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) rest.remove_prefix(1);
    return digits_in(rest, 10);
  }
  // `pattern`: D for a digit, anything else for itself.
  static bool shaped(std::string_view text, std::string_view pattern) {
    if (text.size() != pattern.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (pattern[k] == 'D' ? !digit(text[k]) : text[k] != pattern[k]) return false;
    }
    return true;
  }
  // HH:MM:SS, a fraction of a second, and (when `offset`) Z or +HH:MM.
  static bool time(std::string_view t, bool offset) {
    if (!shaped(t.substr(0, 8), "DD:DD:DD")) return false;
    t.remove_prefix(8);
    if (!t.empty() && t[0] == '.') {
      std::size_t k = 1;
      while (k < t.size() && digit(t[k])) ++k;
      if (k == 1) return false;
      t.remove_prefix(k);
    }
    if (t.empty()) return true;
    if (!offset) return false;
    return t == "Z" || t == "z" || ((t[0] == '+' || t[0] == '-') && shaped(t.substr(1), "DD:DD"));
  }
  static bool valid_scalar(std::string_view t) {
    if (t == "true" || t == "false" || number(t)) return true;
    if (shaped(t.substr(0, 10), "DDDD-DD-DD")) {
      if (t.size() == 10) return true;  // a local date
      const char separator = t[10];
      return (separator == 'T' || separator == 't' || separator == ' ') && time(t.substr(11), true);
    }
    return time(t, false);  // a local time
  }

  std::string_view s_;
  std::size_t i_ = 0;
  Hazard hazard_ = Hazard::None;
};

// The character at the start of `text` for a message.
std::string describe_character(std::string_view text) {
  const auto byte = static_cast<unsigned char>(text.front());
  if (byte > 0x20 && byte < 0x7f) return std::string("'") + text.front() + "'";
  if (byte == '\n' || byte == '\r') return "the end of the line";
  if (byte < 0x80) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "the control character U+%04X",
                  static_cast<unsigned>(byte));
    return buffer;
  }
  // A well-formed UTF-8 sequence is shown as it is; anything else by its first byte.
  const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
  bool well_formed = length > 0 && length <= 4 && byte < 0xF5 && text.size() >= length;
  for (std::size_t k = 1; well_formed && k < length; ++k) {
    well_formed = (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
  }
  if (well_formed) return "'" + std::string(text.substr(0, length)) + "'";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "the byte 0x%02X (not UTF-8)", static_cast<unsigned>(byte));
  return buffer;
}

// Line and column of `offset` as toml++ counts them (code points; a BOM is not counted).
toml::source_position position_of(std::string_view text, std::size_t offset) {
  toml::source_position position{1, 1};
  const std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (std::size_t k = start; k < offset; ++k) {
    if (text[k] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

}  // namespace

toml::table parse_toml(std::string_view text, std::string_view source) {
  HazardScanner scanner(text);
  const std::size_t at = scanner.find();
  if (at == HazardScanner::npos) return toml::parse(text, source);
  // The text before the hazard is free of hazards: an error that toml++ finds there,
  // other than running into its end (where the hazard is), comes first.
  try {
    (void)toml::parse(text.substr(0, at), source);
  } catch (const toml::parse_error& e) {
    const std::string_view what = e.description();
    if (what.find("end-of-file") == std::string_view::npos &&
        what.find("EOF") == std::string_view::npos) {
      throw;
    }
  }
  const std::string seen = describe_character(text.substr(at));
  std::string description;
  switch (scanner.hazard()) {
    case Hazard::HeaderWithoutKey:
      description =
          "Error while parsing table header: expected a table name (a bare key or a "
          "quoted one) after '[', saw " +
          seen;
      break;
    case Hazard::NonAsciiOutsideString:
      description = "saw " + seen +
                    " outside quotes and comments, where TOML allows only ASCII characters "
                    "(text belongs in quotes)";
      break;
    case Hazard::BraceInArray:
      description = "Error while parsing array: expected a value or closing ']', saw '}'";
      break;
    case Hazard::InvalidValue: {
      const std::size_t end = text.find_first_of(" \t\r\n,]}#", at);
      std::string value(text.substr(at, end == std::string_view::npos ? end : end - at));
      if (value.size() > 40) value = value.substr(0, 37) + "...";
      description = "Error while parsing value: " + value +
                    " is not a TOML value (a number, true or false, a date or a time; text "
                    "belongs in quotes)";
      break;
    }
    case Hazard::DateWithoutTime:
      description =
          "Error while parsing date-time: a date followed by a space and a digit "
          "must be a date and time such as 1979-05-27 07:32:00";
      break;
    default:
      description = "saw " + seen +
                    " after a backslash in a multi-line string, which the TOML parser (toml++ "
                    "3.3) cannot read safely; write the character as an escape such as "
                    "\\u00E9, or do not end the line before it with a backslash";
      break;
  }
  // runtime_error copies the description.
  throw toml::parse_error(description.c_str(), position_of(text, at),
                          std::make_shared<const std::string>(source));
}

}  // namespace detail

}  // namespace chokepoint

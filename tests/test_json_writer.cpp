// The CLI's JSON writer: escaping (the vector scan for plain runs against a byte
// at a time) and keys.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "../tools/sipspan/json_writer.hpp"

namespace {

using sipspan::cli::json_writer;

// The escaping rules one byte at a time, as the writer documents them.
std::string reference_escape(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) out += std::string("\\u00") + hex[c >> 4] + hex[c & 15];
    else if (c < 0x80) out += static_cast<char>(c);
    else if (std::size_t n = sipspan::cli::utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      out += std::string("\\u00") + hex[c >> 4] + hex[c & 15];
    }
  }
  return out;
}

TEST(JsonWriter, PlainRunStopsAtTheFirstByteToEscapeAtEveryPosition) {
  const std::string specials[] = {"\"", "\\", "\n", "\r", "\t", std::string(1, '\0'), "\x1f", "\x7f", "\x80", "\xff",
                                  "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80"};
  for (std::size_t len = 0; len <= 48; ++len) {
    std::string plain(len, 'a');
    for (std::size_t k = 0; k < len; ++k) plain[k] = static_cast<char>('!' + (k * 7) % 90);  // printable ASCII
    for (std::size_t k = 0; k < len; ++k)
      if (plain[k] == '"' || plain[k] == '\\') plain[k] = 'y';
    EXPECT_EQ(sipspan::cli::json_plain_run(plain), len);
    std::string out;
    json_writer::escape(out, plain);
    EXPECT_EQ(out, plain);
    for (const std::string& sp : specials) {
      for (std::size_t at = 0; at <= len; ++at) {
        std::string s = plain.substr(0, at) + sp + plain.substr(at);
        EXPECT_EQ(sipspan::cli::json_plain_run(s), at) << len << " " << at;
        std::string got;
        json_writer::escape(got, s);
        EXPECT_EQ(got, reference_escape(s)) << len << " " << at;
      }
    }
  }
}

TEST(JsonWriter, KeysPlainAndEscaped) {
  std::string out;
  json_writer j(out, false);
  j.begin_object().field("plain", 1u).field("a\"b", std::string_view("c\\d")).key("e").null().end_object();
  EXPECT_EQ(out, "{\"plain\":1,\"a\\\"b\":\"c\\\\d\",\"e\":null}\n");
  std::string pretty;
  json_writer p(pretty);
  p.begin_object().field("k", std::uint64_t{18446744073709551615ull}).field("n", std::int64_t{-5}).end_object();
  EXPECT_EQ(pretty, "{\n  \"k\": 18446744073709551615,\n  \"n\": -5\n}\n");
}

// RFC 4648 §10's test vectors.
TEST(JsonWriter, Base64) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [in, b64] : vectors) {
    std::string out;
    json_writer::base64(out, in);
    EXPECT_EQ(out, b64) << in;
  }
}

// A string that is not valid UTF-8 is written readable, and its bytes beside it.
TEST(JsonWriter, FieldNotUtf8GetsItsBytesBeside) {
  std::string out;
  json_writer j(out, false);
  j.begin_object().field("v", std::string_view("a\xff\xc3\xa9")).field("w", std::string_view("\xc3\xa9\x01")).end_object();
  EXPECT_EQ(out, "{\"v\":\"a\\u00ff\xc3\xa9\",\"v_base64\":\"Yf/DqQ==\",\"w\":\"\xc3\xa9\\u0001\"}\n");
  EXPECT_TRUE(sipspan::cli::utf8_valid("\xc3\xa9 \x01 ok"));
  EXPECT_FALSE(sipspan::cli::utf8_valid("\xed\xa0\x80"));  // a surrogate
  EXPECT_FALSE(sipspan::cli::utf8_valid(std::string(40, 'a') + "\xc3"));  // cut at the end
}

}  // namespace

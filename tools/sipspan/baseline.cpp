// sipspan CLI — lint baselines (see baseline.hpp).

#include "baseline.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace sipspan::cli {
namespace {

constexpr std::string_view header = "# sipspan lint baseline 1";

}  // namespace

std::uint64_t message_fingerprint(std::string_view message) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : message) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

bool lint_baseline::read(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the baseline";
    return false;
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line != header) {
      error = path + ":1: not a sipspan lint baseline (the first line is not '" + std::string(header) + "')";
      return false;
    }
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string fp, code, count, file;
    std::getline(fields, fp, '\t');
    std::getline(fields, code, '\t');
    std::getline(fields, count, '\t');
    std::getline(fields, file);
    rule_id id;
    char* end = nullptr;
    const unsigned long long f = std::strtoull(fp.c_str(), &end, 16);
    const bool fp_ok = fp.size() == 16 && end == fp.c_str() + 16;
    const unsigned long n = std::strtoul(count.c_str(), &end, 10);
    if (!fp_ok || !find_rule(code, id) || count.empty() || *end != '\0' || n == 0) {
      error = path + ":" + std::to_string(number) + ": expected FINGERPRINT<TAB>RULE<TAB>COUNT<TAB>FILE";
      return false;
    }
    entry& e = entries_[{f, std::string(rule(id).code)}];
    e.count += n;
    e.file = file;
  }
  if (number == 0) {
    error = path + ": empty, not a sipspan lint baseline";
    return false;
  }
  return true;
}

bool lint_baseline::write(const std::string& path, std::string& error) const {
  std::string out = std::string(header) + "\n";
  char fp[17];
  for (const auto& [key, e] : entries_) {
    std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(key.first));
    out += std::string(fp) + "\t" + key.second + "\t" + std::to_string(e.count) + "\t" + e.file + "\n";
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << out;
  f.close();
  if (!f) {
    error = path + ": cannot write the baseline";
    return false;
  }
  return true;
}

void lint_baseline::add(std::uint64_t fingerprint, const message_report& m, std::string_view file) {
  for (const finding& f : m.findings) {
    entry& e = entries_[{fingerprint, std::string(rule(f.rule).code)}];
    ++e.count;
    if (e.file.empty()) e.file = std::string(file);
  }
}

std::size_t lint_baseline::subtract(std::uint64_t fingerprint, message_report& m) {
  std::size_t removed = 0;
  std::erase_if(m.findings, [&](const finding& f) {
    auto it = entries_.find({fingerprint, std::string(rule(f.rule).code)});
    if (it == entries_.end() || it->second.count == 0) return false;
    --it->second.count;
    ++removed;
    --m.summary.total;
    --m.summary.stored;
    switch (f.level) {
      case severity::error: --m.summary.errors; break;
      case severity::warning: --m.summary.warnings; break;
      default: --m.summary.infos; break;
    }
    return true;
  });
  return removed;
}

}  // namespace sipspan::cli

// sipspan — replays files through a libFuzzer target without libFuzzer, so that
// every build (g++ included) runs the seed corpora and regression inputs as tests.
//
//   replay FILE_OR_DIR...     every regular file below each argument is one input

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

static int run_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 1;
}

int main(int argc, char** argv) {
  std::size_t n = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path root = argv[i];
    if (fs::is_regular_file(root)) {
      n += run_file(root);
      continue;
    }
    if (!fs::is_directory(root)) {
      std::fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
      return 2;
    }
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) n += run_file(e.path());
  }
  std::printf("replayed %zu inputs\n", n);
  return n > 0 ? 0 : 1;
}

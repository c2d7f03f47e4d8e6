// sipspan CLI — deprecated spellings and typo suggestions (see cli_names.hpp).

#include "cli_names.hpp"

#include <iostream>
#include <memory>
#include <vector>

#include "suggest.hpp"

namespace sipspan::cli {

void add_deprecated_alias(CLI::App& app, const std::string& old_flag, CLI::Option* now, std::string& target) {
  const std::string note = "sipspan " + app.get_name() + ": " + old_flag + " is deprecated: use " + now->get_name() + "\n";
  auto said = std::make_shared<bool>(false);  // CLI11 may run the callback more than once
  app.add_option_function<std::string>(
         old_flag,
         [&target, note, said](const std::string& v) {
           if (!*said) std::cerr << note;
           *said = true;
           target = v;
         },
         "deprecated: " + now->get_name())
      ->group("");
}

bool unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  const std::string word = argv[1];
  for (const std::string& n : names)
    if (n == word) return false;
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  std::cerr << "sipspan: unknown command '" << word << "'" << did_you_mean(word, names) << "; the commands are "
            << list << " (sipspan --help)\n";
  return true;
}

bool unknown_option(CLI::App& app, int argc, char** argv) {
  CLI::App* scope = &app;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (scope == &app && arg[0] != '-') {
      for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_name() == arg) scope = sub;
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) continue;
    const std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
    if (scope->get_option_no_throw("--" + name) || app.get_option_no_throw("--" + name)) continue;
    std::vector<std::string> flags;
    for (const CLI::Option* o : scope->get_options([](const CLI::Option*) { return true; }))
      for (const std::string& l : o->get_lnames())
        flags.push_back("--" + l);
    std::cerr << "sipspan" << (scope == &app ? "" : " " + scope->get_name()) << ": unknown option --" << name
              << did_you_mean("--" + name, flags) << " (sipspan " << (scope == &app ? "" : scope->get_name() + " ")
              << "--help)\n";
    return true;
  }
  return false;
}

}  // namespace sipspan::cli

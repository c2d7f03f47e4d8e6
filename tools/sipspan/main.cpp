// sipspan — command-line interface.
//
//   sipspan dump FILE|-      the parse of one message as JSON (or --format spans)
//
// Exit status: 0 success, 1 the input has an error, 2 usage or I/O error.

#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace sipspan::cli;
  CLI::App app{"sipspan: SIP and SDP parsing, validation and anomaly scoring"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sipspan 0.1.0");

  dump_options dump;
  CLI::App* d = app.add_subcommand("dump", "Print the parse of one SIP message as JSON");
  d->add_option("input", dump.input, "message file, or - for standard input")->required();
  d->add_flag("--strict", dump.strict, "reject every deviation outside RFC 3261's grammar");
  d->add_flag("--compact", dump.compact, "one-line JSON");
  d->add_option("--format", dump.format, "json (default) or spans: one line per span with its offset and length")
      ->check(CLI::IsMember({"json", "spans"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (d->parsed()) return run_dump(dump);
  return 2;
}

import ArgumentParser
import Foundation
import TSAReport

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, csv
}

/// `--format` and `--output`: how a report is written and where.
struct OutputOptions: ParsableArguments {
  @Option(help: "text or csv (default: from the --output file's extension, else text).")
  var format: OutputFormat?

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Write the report to this file instead of standard output.", valueName: "file"))
  var output: String?

  func validate() throws {
    if format == nil, let output, inferredFormat(output) == nil {
      throw ValidationError(
        "cannot tell the format from --output '\(output)'; name it .txt or .csv, or add --format.")
    }
  }

  private func inferredFormat(_ path: String) -> OutputFormat? {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv": .csv
    case "txt", "text": .text
    default: nil
    }
  }

  var resolvedFormat: OutputFormat { format ?? output.flatMap(inferredFormat) ?? .text }

  /// Renders the report in the chosen format and writes it: the one place the renderer is
  /// chosen.
  func write(_ report: Report) throws {
    let text: String
    switch resolvedFormat {
    case .text: text = TextRenderer.render(report)
    case .csv: text = CSVRenderer.render(report)
    }
    try writeOutput(text, to: output)
  }
}

/// Writes to the file (through a temporary name, so that a reader never sees half a report),
/// or to standard output.
func writeOutput(_ text: String, to path: String?) throws {
  guard let path else {
    FileHandle.standardOutput.write(Data(text.utf8))
    return
  }
  let temporary = path + ".tmp-\(getpid())"
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, path) == 0 else {
      throw CLIError.io("cannot write \(path): \(String(cString: strerror(errno))).")
    }
  } catch let error as CLIError {
    unlink(temporary)
    throw error
  } catch {
    unlink(temporary)
    throw CLIError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}

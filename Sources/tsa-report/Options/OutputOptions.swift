import ArgumentParser
import Foundation
import TSAModel
import TSARender
import TSAReport

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, csv, json, xlsx
}

extension CSVDialect: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// `--format`, `--csv-dialect` and `--output`: how a report is written and where.
struct OutputOptions: ParsableArguments {
  @Option(
    help: "text, csv, json or xlsx (default: from the --output file's extension, else text).")
  var format: OutputFormat?

  @Option(
    name: .customLong("csv-dialect"),
    help: ArgumentHelp(
      "standard (RFC 4180) or excel-cz (';', decimal commas and a BOM, for Czech Excel).",
      valueName: "dialect"))
  var csvDialect: CSVDialect = .standard

  @Option(
    help: ArgumentHelp(
      "Labels and headers in en (English) or cs (Czech) (default: the setting lang, else en).",
      valueName: "lang"))
  var lang: Language?

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Write the report to this file (- for standard output).", valueName: "file"))
  var output: String?

  func validate() throws {
    if format == nil, let output, output != "-", inferredFormat(output) == nil {
      throw ValidationError(
        "cannot tell the format from --output '\(output)'; name it .txt, .csv, .json or .xlsx,"
          + " or add --format.")
    }
    if resolvedFormat == .xlsx && (output == nil || output == "-") {
      throw ValidationError("an XLSX workbook needs a file: add --output report.xlsx.")
    }
  }

  private func inferredFormat(_ path: String) -> OutputFormat? {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv": .csv
    case "txt", "text": .text
    case "json": .json
    case "xlsx": .xlsx
    default: nil
    }
  }

  var resolvedFormat: OutputFormat { format ?? output.flatMap(inferredFormat) ?? .text }

  /// Renders the report in the chosen format and writes it: the one place the renderer is
  /// chosen.
  func write(_ report: Report, sheetName: String) throws {
    switch resolvedFormat {
    case .text: try writeOutput(TextRenderer.render(report), to: output)
    case .csv: try writeOutput(CSVRenderer.render(report, dialect: csvDialect), to: output)
    case .json: try writeOutput(JSONRenderer.render(report), to: output)
    case .xlsx:
      try writeAtomically(to: output!) { temporary in
        try XLSXRenderer.write(
          [WorkbookSheet(name: sheetName, report: report)],
          properties: WorkbookProperties(
            title: report.title, subject: report.facts.first?.value ?? "", created: report.moment),
          to: temporary)
      }
    }
  }
}

/// Writes to the file (through a temporary name, so that a reader never sees half a report),
/// or to standard output (no `--output`, or `--output -`).
func writeOutput(_ text: String, to path: String?) throws {
  guard let path, path != "-" else {
    try writeStandardOutput(text)
    return
  }
  try writeAtomically(to: path) { temporary in
    try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
  }
}

/// Lets `body` write `path` in a private folder made beside it (`mkdtemp`: an unpredictable
/// name, mode 0700, so nothing planted in a shared folder can redirect the write), then renames
/// the file into place. Only a regular file (or nothing) is replaced: a device, a FIFO, a folder
/// or a symbolic link at `path` is refused — `-o /dev/full` must not replace the device.
func writeAtomically(to path: String, _ body: (String) throws -> Void) throws {
  try refuseNonRegular(path)
  let folder = PathText.folder(of: path)
  var template = Array(
    ((folder.isEmpty ? "." : folder) + "/.tsa-report-\(getpid())-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    throw CLIError.io(
      "cannot write in \(folder.isEmpty ? "." : folder): \(String(cString: strerror(errno))).")
  }
  let scratch = String(cString: made)
  let temporary = scratch + "/" + (path as NSString).lastPathComponent
  defer {
    unlink(temporary)
    rmdir(scratch)
  }
  do {
    try body(temporary)
    guard rename(temporary, path) == 0 else {
      throw CLIError.io("cannot write \(path): \(String(cString: strerror(errno))).")
    }
  } catch let error as CLIError {
    throw error
  } catch let error as XLSXError {
    throw CLIError.io(error.description.replacingOccurrences(of: temporary, with: path))
  } catch {
    throw CLIError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}

/// An error unless `path` is a regular file or nothing.
func refuseNonRegular(_ path: String) throws {
  var info = stat()
  guard lstat(path, &info) == 0 else { return }  // nothing there: it will be made
  let kind = info.st_mode & S_IFMT
  guard kind != S_IFREG else { return }
  let what =
    switch kind {
    case S_IFDIR: "a folder"
    case S_IFLNK: "a symbolic link"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFIFO: "a FIFO"
    default: "not a regular file"
    }
  throw CLIError.io(
    "\(path) is \(what), not a file; write the report to a file, or to standard output"
      + " (leave out --output, or give -o -).")
}

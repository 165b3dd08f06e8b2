import ArgumentParser
import Foundation
import TSAModel
import TSARender
import TSAReport
import TSASystem

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, csv, json, xlsx
}

extension CSVDialect: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// `--format`, `--csv-dialect` and `--output`: how a report is written and where.
struct OutputOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "\(listed(OutputFormat.allCases.map(\.rawValue))) (default: from the --output file's"
        + " extension, else text)."))
  var format: OutputFormat?

  @Option(
    name: .customLong("csv-dialect"),
    help: ArgumentHelp(
      "standard (RFC 4180) or excel-cz (';', decimal commas and a BOM, for Czech Excel).",
      valueName: "dialect"))
  var csvDialect: CSVDialect = .standard

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

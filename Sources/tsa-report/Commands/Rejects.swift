import ArgumentParser
import TSAImport
import TSAModel
import TSARender
import TSAReport

struct RejectsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rejects",
    abstract: "List the malformed lines that imports kept aside.",
    discussion: """
      Example:
        tsa-report rejects --source access.log
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp("Only lines from sources whose path contains this text.", valueName: "path"))
  var source: String?

  func run() throws {
    let context = try global.context()
    let lines = try context.store().malformedLines(sourceContaining: source)
    let table = ReportTable(
      columns: [
        Column("source", Speech.word("Source", "Zdroj")),
        Column("line", Speech.word("Line", "Řádek")),
        Column("reason", Speech.word("Reason", "Důvod")),
        Column("excerpt", Speech.word("Line text", "Text řádku")),
      ],
      rows: lines.map {
        Row(.body, [.text($0.path), .integer($0.line), .text($0.reason), .text($0.excerpt)])
      })
    print(TextRenderer.renderTable(table, Speech.words), terminator: "")
  }
}

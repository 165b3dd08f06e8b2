import ArgumentParser
import Foundation
import TSAModel
import TSARender
import TSAReport

struct ImportsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "imports",
    abstract: "List the imports run on the books: when, what, with what result.",
    discussion: """
      Every import is listed, also a dry run and one that failed and wrote nothing, newest first: so "did last night's import run?" has its answer in the books.

      Example:
        tsa-report imports --limit 5
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Show at most this many, newest first.", valueName: "n"))
  var limit: Int = 20

  func validate() throws {
    if !(1...100_000).contains(limit) {
      throw ValidationError("--limit \(limit) must be from 1 to 100 000.")
    }
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let runs = try context.store().importRuns(limit: limit)
    let say = Speech.word
    let table = ReportTable(
      columns: [
        Column("started", say("Started", "Začátek")), Column("seconds", say("Seconds", "Sekund")),
        Column("outcome", say("Outcome", "Výsledek")), Column("lines", say("Lines", "Řádků")),
        Column("stamps_new", say("Stamps new", "Nových razítek")),
        Column("malformed", say("Malformed", "Vadných")), Column("paths", say("Paths", "Cesty")),
      ],
      rows: runs.map { run in
        Row(
          .body,
          [
            .text(Speech.words.instant(run.started, in: zone)),
            .text(Speech.words.decimal(String(format: "%.2f", run.seconds))),
            .text(run.outcome), .integer(run.lines), .integer(run.stampsNew),
            .integer(run.malformed), .text(run.paths.joined(separator: " ")),
          ])
      })
    print(TextRenderer.renderTable(table, Speech.words), terminator: "")
  }
}

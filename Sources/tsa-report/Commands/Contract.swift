import ArgumentParser
import TSAReport

struct ContractCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contract",
    abstract: "Contracts with the provider and the logins billed to them.",
    subcommands: [Add.self, List.self])

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a contract.",
      discussion: """
        Example:
          tsa-report contract add F2112000371 --name "PostSignum TSA" --account tsa@example.cz
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The provider's contract or order number, e.g. F2112000371.")
    var id: String

    @Option(help: "A name to recognise it by.")
    var name: String?

    @Option(
      name: .customLong("account"),
      help: ArgumentHelp(
        "A provider login billed to this contract (repeatable).", valueName: "login"))
    var accounts: [String] = []

    func validate() throws {
      if id.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError(
          "the contract ID is empty; give the provider's number, e.g. F2112000371.")
      }
      // A contract's code and name reach mail headers and terminals: no control characters.
      for (flag, value) in [("the contract ID", id), ("--name", name ?? "")]
        + accounts.map({
          ("--account", $0)
        }) where value.unicodeScalars.contains(where: TerminalText.needsEscape)
      {
        throw ValidationError(
          "\(flag) '\(TerminalText.escaped(value))' holds control characters (a line break?);"
            + " give it without them.")
      }
    }

    func run() throws {
      try reportingErrors {
        let store = try global.openStore()
        let contract = try store.addContract(code: id, name: name, accounts: accounts)
        note("Added contract \(contract.code).")
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the contracts.",
      discussion: """
        Example:
          tsa-report contract list
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reportingErrors {
        let contracts = try global.openStore().contracts()
        let table = ReportTable(
          columns: [
            Column("contract", "Contract"), Column("name", "Name"), Column("accounts", "Accounts"),
          ],
          rows: contracts.map {
            Row(
              .body,
              [.text($0.code), .text($0.name ?? ""), .text($0.accounts.joined(separator: ", "))])
          })
        print(TextRenderer.renderTable(table, .english), terminator: "")
      }
    }
  }
}

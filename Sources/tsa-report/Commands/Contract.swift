import ArgumentParser
import TSAModel
import TSARender
import TSAReport
import TSASystem

struct ContractCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contract",
    abstract: "Contracts with the provider and the logins billed to them.",
    subcommands: [Add.self, Edit.self, Remove.self, List.self])

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a contract.",
      discussion: """
        Example:
          tsa-report contract add F2112000371 --name "PostSignum TSA" \\
            --account tsa@example.cz
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
          Speech.say(
            en: "the contract ID is empty; give the provider's number, e.g. F2112000371.",
            cs: "číslo smlouvy je prázdné; uveďte číslo od poskytovatele, např. F2112000371."))
      }
      // A contract's code and name reach mail headers and terminals: no control characters.
      for (flag, value) in [("the contract ID", id), ("--name", name ?? "")]
        + accounts.map({
          ("--account", $0)
        }) where value.unicodeScalars.contains(where: TerminalText.needsEscape)
      {
        let shown = TerminalText.escaped(value)
        throw ValidationError(
          Speech.say(
            en: "\(flag) '\(shown)' holds control characters (a line break?); give it without"
              + " them.",
            cs: "\(flag) '\(shown)' obsahuje řídicí znaky (konec řádku?); uveďte ho bez nich."))
      }
    }

    func run() throws {
      let context = try global.context()
      let store = try context.store()
      let contract = try store.addContract(code: id, name: name, accounts: accounts)
      note(en: "Added contract \(contract.code).", cs: "Přidána smlouva \(contract.code).")
    }
  }

  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a contract: its number, its name, its provider logins.",
      discussion: """
        Every change is kept in the books' change log (see tsa-report history).

        Example:
          tsa-report contract edit F2112000371 --name "PostSignum TSA (Mzdy)" \\
            --add-account mzdy@example.cz --remove-account old@example.cz
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The contract's number.")
    var id: String

    @Option(help: ArgumentHelp("A corrected contract number.", valueName: "id"))
    var code: String?

    @Option(help: "A name to recognise it by.")
    var name: String?

    @Option(
      name: .customLong("add-account"),
      help: ArgumentHelp("A provider login to bill to it (repeatable).", valueName: "login"))
    var addAccounts: [String] = []

    @Option(
      name: .customLong("remove-account"),
      help: ArgumentHelp(
        "A provider login no longer billed to it (repeatable).", valueName: "login"))
    var removeAccounts: [String] = []

    func validate() throws {
      if code == nil && name == nil && addAccounts.isEmpty && removeAccounts.isEmpty {
        throw ValidationError(
          Speech.say(
            en: "nothing to change: give --code, --name, --add-account or --remove-account.",
            cs: "není co měnit: uveďte --code, --name, --add-account nebo --remove-account."))
      }
      if let code, code.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError(
          Speech.say(
            en: "--code is empty; give the provider's number, e.g. F2112000371.",
            cs: "--code je prázdný; uveďte číslo od poskytovatele, např. F2112000371."))
      }
      for value in [code ?? "", name ?? ""] + addAccounts
      where value.unicodeScalars.contains(where: TerminalText.needsEscape) {
        let shown = TerminalText.escaped(value)
        throw ValidationError(
          Speech.say(
            en: "'\(shown)' holds control characters (a line break?); give it without them.",
            cs: "'\(shown)' obsahuje řídicí znaky (konec řádku?); uveďte ho bez nich."))
      }
    }

    func run() throws {
      let context = try global.context()
      let store = try context.store()
      let old = try store.contract(code: id)
      // Closed months' bundles name the contract by its number: renaming it would part their
      // figures from the books'. (Its name and accounts alter no figure.)
      let renamed = code.map { $0 != old.code } ?? false
      let new = try context.books().changing(intoOpenMonth: !renamed, adjustable: false) {
        try store.editContract(
          code: id, newCode: code, name: name, addAccounts: addAccounts,
          removeAccounts: removeAccounts)
      }
      let say = Speech.word
      let none = say("(none)", "(nic)")
      var said: [String] = []
      if old.code != new.code { said.append(say("number", "číslo") + " \(old.code) → \(new.code)") }
      if old.name != new.name {
        said.append(say("name", "název") + " \(old.name ?? none) → \(new.name ?? none)")
      }
      if old.accounts != new.accounts {
        said.append(
          say("accounts", "účty")
            + " \(old.accounts.isEmpty ? none : old.accounts.joined(separator: ", "))"
            + " → \(new.accounts.isEmpty ? none : new.accounts.joined(separator: ", "))")
      }
      note(
        said.isEmpty
          ? Speech.say(
            en: "Contract \(id): nothing changed.", cs: "Smlouva \(id): nic se nezměnilo.")
          : say("Contract", "Smlouva") + " \(id): \(said.joined(separator: "; ")).")
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove a contract added by mistake.",
      discussion: """
        Refused while requests in the books are billed to it (imported lines are never taken back: correct its number with contract edit instead); a contract with packages needs --force, which removes them too. Every removal is kept in the change log.

        Example:
          tsa-report contract remove F2112000317
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The contract's number.")
    var id: String

    @Flag(help: "Remove its packages with it.")
    var force = false

    func run() throws {
      let context = try global.context()
      let store = try context.store()
      let packages = try store.use(ofContract: id).packages
      // Its packages may be in closed months' figures: refused then (reopen them first).
      _ = try context.books().changing(intoOpenMonth: false, adjustable: false) {
        try store.removeContract(code: id, withPackages: force)
      }
      let ids = packages.map { String($0.id) }.joined(separator: ", ")
      note(
        en: "Removed contract \(id)" + (packages.isEmpty ? "." : " and its packages \(ids)."),
        cs: "Odebrána smlouva \(id)" + (packages.isEmpty ? "." : " a její balíčky \(ids)."))
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
      let context = try global.context()
      let contracts = try context.store().contracts()
      let table = Listings.contracts(contracts, Speech.words)
      print(TextRenderer.renderTable(table, Speech.words), terminator: "")
    }
  }
}

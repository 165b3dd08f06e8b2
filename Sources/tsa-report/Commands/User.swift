import ArgumentParser
import TSAModel
import TSARender
import TSAReport

struct UserCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user",
    abstract: "Who is who: names, cost centres, and aliases for addresses and old names.",
    subcommands: [Set.self, Alias.self, Remove.self, List.self])

  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a user or change their details.",
      discussion: """
        Example:
          tsa-report user set alice --display-name "Alice Nováková" \\
            --cost-centre CC-110
          tsa-report user set mzdy-scanner --contract F2301000007
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The name as the logs have it (the proxy login or the client's user).")
    var name: String

    @Option(name: .customLong("display-name"), help: "The name reports may show.")
    var displayName: String?

    @Option(
      name: .customLong("cost-centre"),
      help: ArgumentHelp("The cost centre billed for their stamps.", valueName: "code"))
    var costCentre: String?

    @Option(
      help: ArgumentHelp(
        "The contract the user's stamps are billed to, when a log holds several contracts'"
          + " users and names none.", valueName: "id"))
    var contract: String?

    @OptionGroup var correction: CorrectionOptions

    func run() throws {
      let context = try global.context()
      try correction.run(context, users: costCentre == nil ? [] : [name]) {
        try context.store().setUser(
          name: name, displayName: displayName, costCentre: costCentre, contractCode: contract)
      }
      note(en: "User \(name) saved.", cs: "Uživatel \(name) uložen.")
    }
  }

  struct Alias: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Count an address or an old name as a user, in every report.",
      discussion: """
        Applies to stamps already imported as well as to later ones.

        Example:
          tsa-report user alias 10.20.7.40 archive
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The address or old name, as the logs have it.")
    var from: String

    @Argument(help: "The user it stands for.")
    var name: String

    @OptionGroup var correction: CorrectionOptions

    func validate() throws {
      if from == name {
        throw ValidationError(
          Speech.say(
            en: "'\(from)' cannot be an alias of itself.",
            cs: "'\(from)' nemůže být aliasem sebe sama."))
      }
    }

    func run() throws {
      let context = try global.context()
      try correction.run(context, users: [from, name]) {
        try context.store().aliasUser(from, to: name)
      }
      note(en: "\(from) now counts as \(name).", cs: "\(from) se nyní počítá jako \(name).")
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove a user or an alias made by mistake.",
      discussion: """
        A name no request in the books is recorded under is removed; names aliased to it count as themselves again. A name the logs hold (requests are recorded under it) or that others are aliased to needs --force: the aliases are undone, and a name with requests stays — the logs say it — without its display name, cost centre and alias. Every change is kept in the change log (see tsa-report history).

        Example:
          tsa-report user remove 10.20.7.41
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user's name or the alias.")
    var name: String

    @Flag(help: "Remove it although requests are recorded under it or names are aliased to it.")
    var force = false

    @OptionGroup var correction: CorrectionOptions

    func run() throws {
      let context = try global.context()
      let (kept, aliases) = try correction.run(context, users: [name]) {
        try context.store().removeUser(name, force: force)
      }
      let undone =
        aliases.isEmpty
        ? ""
        : aliases.count == 1
          ? Speech.say(
            en: " \(aliases[0]) counts as itself again.",
            cs: " \(aliases[0]) se opět počítá samo za sebe.")
          : Speech.say(
            en: " \(aliases.joined(separator: ", ")) count as themselves again.",
            cs: " \(aliases.joined(separator: ", ")) se opět počítají samy za sebe.")
      note(
        kept
          ? Speech.say(
            en: "\(name) stays (requests are recorded under it), without display name, cost"
              + " centre or alias.\(undone)",
            cs: "\(name) zůstává (jsou pod ním zaznamenány požadavky), bez zobrazovaného jména,"
              + " střediska a aliasu.\(undone)")
          : Speech.say(en: "Removed \(name).\(undone)", cs: "Odebrán \(name).\(undone)"))
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the users and aliases.",
      discussion: """
        Example:
          tsa-report user list
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let context = try global.context()
      let users = try context.store().users()
      let table = Listings.users(users, Speech.words)
      print(TextRenderer.renderTable(table, Speech.words), terminator: "")
    }
  }
}

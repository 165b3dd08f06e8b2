import CSQLite
import TSAModel
import TSASystem

/// What can go wrong in the store, in words a user can act on. Raw SQLite messages are kept
/// for the rare case nothing better is known, together with the database's path.
public enum StoreError: DescribedError, Equatable, Sendable {
  case cannotOpen(path: String, reason: String)
  case cannotCreateFolder(path: String, reason: String)
  /// The backup's file could not be made (no such folder, no permission, a full disk).
  case cannotCreateBackup(path: String, reason: String)
  case notADatabase(path: String)
  /// The path holds something other than a regular file: a FIFO, a device, a folder.
  case notAFile(path: String, kind: String)
  /// An SQLite database of another program.
  case foreignDatabase(path: String)
  case newerSchema(path: String, found: Int, supported: Int)
  case readOnly(path: String)
  case busy(path: String)
  case diskFull(path: String)
  case ioFailure(path: String, reason: String)
  case sqlite(code: Int32, message: String, path: String)
  /// `known`: the nearest known codes first (at most five).
  case unknownContract(code: String, known: [String])
  case unknownUser(name: String, nearest: [String])
  case unknownCostCentre(name: String, nearest: [String])
  case noContract
  case ambiguousContract(known: [String])
  case duplicateContract(code: String)
  case unknownPackage(id: Int64)
  case accountTaken(login: String, contract: String)
  case aliasLoop(alias: String, user: String)
  case backupExists(path: String)
  case duplicateRef(ref: String, package: Int64)
  case paidBeforeOrdered(paid: LocalDate, ordered: LocalDate)
  case validUntilBeforePaid(validUntil: LocalDate, paid: LocalDate)
  case alreadyPaid(package: Int64, paid: LocalDate, new: LocalDate)
  case unknownAccount(login: String, contract: String, known: [String])
  case contractInUse(code: String, attempts: Int64)
  case contractHasPackages(code: String, packages: [Int64])
  case packageInUse(package: Int64, stamps: Int64)
  case userInUse(name: String, stamps: Int64, aliases: [String])
  case backupDamaged(path: String, reason: String)
}

extension StoreError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open the database \(path): \(reason). Check the path and its permissions,"
        + " or choose another with --db or TSA_REPORT_DB."
    case .cannotCreateFolder(let path, let reason):
      return "cannot create the folder \(path) for the database: \(reason)."
    case .cannotCreateBackup(let path, let reason):
      return "cannot create the backup \(path): \(reason). The books are untouched; check that"
        + " the folder exists, that this user may write there, and that the disk has room."
    case .notAFile(let path, let kind):
      return "\(path) is \(kind), not a database file. Give --db (or TSA_REPORT_DB) the path of the"
        + " books: a regular file, created on first use."
    case .notADatabase(let path):
      return "\(path) is not a tsa-report database (not an SQLite file). Point --db at the"
        + " right file, or move this one away."
    case .foreignDatabase(let path):
      return "\(path) is an SQLite database of another program, not tsa-report's books; it was"
        + " left as it was. Point --db (or TSA_REPORT_DB) at the books, or at a new file."
    case .newerSchema(let path, let found, let supported):
      return "\(path) was written by a newer tsa-report (schema \(found); this one knows up to"
        + " \(supported)). Upgrade tsa-report."
    case .readOnly(let path):
      return "the database \(path) is read-only. Check its permissions and its folder's."
    case .busy(let path):
      return "the database \(path) stayed locked by another tsa-report for too long. Try again"
        + " when the other import has finished."
    case .diskFull(let path):
      return "the disk holding \(path) is full; nothing was written. Free some space and retry."
    case .ioFailure(let path, let reason):
      return
        "the system refused to read or write \(path) (\(reason)): is the disk full, failing, or"
        + " a file size limit reached? The books are as they were before this command."
    case .sqlite(_, let message, let path):
      return "database error in \(path): \(message)."
    case .unknownContract(let code, let known):
      return "unknown contract '\(code)'. "
        + (known.isEmpty
          ? "There are no contracts yet."
          : "Nearest known: \(known.joined(separator: ", ")).")
        + " Add one with: tsa-report contract add \(code)"
    case .unknownUser(let name, let nearest):
      return "no user '\(name)' in the books (neither a name, an alias nor a display name). "
        + (nearest.isEmpty
          ? "There are no users yet: users come with imported stamps."
          : "Nearest known: \(nearest.joined(separator: ", ")).")
        + " See: tsa-report user list"
    case .unknownCostCentre(let name, let nearest):
      return "no user is billed to cost centre '\(name)'. "
        + (nearest.isEmpty
          ? "No cost centres are set yet: tsa-report user set NAME --cost-centre CODE"
          : "Nearest known: \(nearest.joined(separator: ", ")). See: tsa-report user list")
    case .noContract:
      return "there is no contract to bill stamps to. Add one first, e.g.: tsa-report contract"
        + " add F2112000371 --name \"PostSignum TSA\""
    case .ambiguousContract(let known):
      return "there are several contracts (\(known.joined(separator: ", "))) and nothing in the"
        + " input says which one these stamps belong to. Choose one with --contract ID."
    case .duplicateContract(let code):
      return "contract '\(code)' already exists. See: tsa-report contract list"
    case .unknownPackage(let id):
      return "there is no package with id \(id). See: tsa-report package list"
    case .accountTaken(let login, let contract):
      return "the account '\(login)' is already billed to contract \(contract); an account"
        + " belongs to one contract."
    case .duplicateRef(let ref, let package):
      return "package \(package) already has the reference '\(ref)': the same invoice twice?"
        + " See: tsa-report package list"
    case .paidBeforeOrdered(let paid, let ordered):
      return "paid on \(paid.iso), before it was ordered on \(ordered.iso); check both days."
    case .validUntilBeforePaid(let until, let paid):
      return "valid until \(until.iso), before it was paid on \(paid.iso); check both days."
    case .alreadyPaid(let package, let paid, let new):
      return "package \(package) was paid on \(paid.iso); to change that to \(new.iso) (its stamps"
        + " are then drawn from it from the new day), add --force."
    case .unknownAccount(let login, let contract, let known):
      return "\(login) is not an account of \(contract)"
        + (known.isEmpty ? " (it has none)." : "; its accounts: \(known.joined(separator: ", ")).")
    case .contractInUse(let code, let attempts):
      return "\(code) cannot be removed: \(attempts) requests in the books are billed to it, and"
        + " imported lines are never taken back. To correct its number or name, use: tsa-report"
        + " contract edit \(code) --code NEW --name NAME"
    case .contractHasPackages(let code, let packages):
      return "\(code) has packages (\(packages.map(String.init).joined(separator: ", "))); remove"
        + " them first, or add --force to remove them with the contract."
    case .packageInUse(let package, let stamps):
      return "package \(package) has \(stamps) stamps drawn from it; removing it moves them to the"
        + " contract's other packages or leaves them unfunded. Add --force to remove it anyway (it"
        + " says what moves where); to correct it instead, use: tsa-report package edit \(package)"
    case .userInUse(let name, let stamps, let aliases):
      var uses: [String] = []
      if stamps > 0 { uses.append("\(stamps) requests in the books are recorded under the name") }
      if aliases.count == 1 { uses.append("\(aliases[0]) counts as \(name) (an alias)") }
      if aliases.count > 1 {
        uses.append("\(aliases.joined(separator: ", ")) count as \(name) (aliases)")
      }
      return "\(name) is in use: \(uses.joined(separator: "; ")). Add --force to remove it anyway:"
        + " its aliases then count as themselves again, and a name with requests stays (the logs"
        + " say it) without its display name, cost centre and alias."
    case .backupExists(let path):
      return "\(path) already exists (a file or a link); a backup is never written over one or"
        + " through one. Choose a new name,"
        + " e.g. with the date: books-$(date +%F).sqlite"
    case .backupDamaged(let path, let reason):
      return "the copy \(path) failed its integrity check (\(reason)); do not rely on it, and"
        + " check the disk."
    case .aliasLoop(let alias, let user):
      return "'\(alias)' cannot be an alias of '\(user)': '\(user)' already stands for"
        + " '\(alias)'. See: tsa-report user list"
    }
  }
}

extension StoreError {
  /// Turns an SQLite result code into a message that names the file and says what to do.
  init(code: Int32, message: String, path: String) {
    switch code & 0xFF {
    case SQLITE_NOTADB: self = .notADatabase(path: path)
    case SQLITE_READONLY: self = .readOnly(path: path)
    case SQLITE_BUSY, SQLITE_LOCKED: self = .busy(path: path)
    case SQLITE_FULL: self = .diskFull(path: path)
    case SQLITE_IOERR: self = .ioFailure(path: path, reason: message)
    case SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: "permission denied or not a file")
    default: self = .sqlite(code: code, message: message, path: path)
    }
  }
}

/// The names nearest to `text` (edit distance, ignoring case), nearest first, at most five:
/// what a typo probably meant.
func nearest(_ text: String, in names: Set<String>) -> [String] {
  let target = Array(text.lowercased())
  return names.map { name in (name, editDistance(target, Array(name.lowercased()))) }
    .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5).map(\.0)
}

/// Levenshtein distance: insertions, deletions and substitutions.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  var previous = Array(0...b.count)
  for (i, x) in a.enumerated() {
    var current = [i + 1]
    for (j, y) in b.enumerated() {
      current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
    }
    previous = current
  }
  return previous[b.count]
}

extension StoreError: SaidInLanguages {
  public func description(in language: Language) -> String {
    language.pick(en: description, cs: czech)
  }

  /// The same sentences in Czech.
  private var czech: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "databázi \(path) nelze otevřít: \(reason). Zkontrolujte cestu a oprávnění, nebo"
        + " zvolte jinou přes --db či TSA_REPORT_DB."
    case .cannotCreateFolder(let path, let reason):
      return "složku \(path) pro databázi nelze vytvořit: \(reason)."
    case .cannotCreateBackup(let path, let reason):
      return "zálohu \(path) nelze vytvořit: \(reason). Evidence zůstala beze změny; zkontrolujte,"
        + " že složka existuje, že do ní tento uživatel smí zapisovat a že je na disku místo."
    case .notAFile(let path, let kind):
      return "\(path) je \(kind), ne soubor databáze. Dejte --db (nebo TSA_REPORT_DB) cestu"
        + " k evidenci: obyčejný soubor, vytvořený při prvním použití."
    case .notADatabase(let path):
      return "\(path) není databáze tsa-report (není to soubor SQLite). Nasměrujte --db na správný"
        + " soubor, nebo tento přesuňte jinam."
    case .foreignDatabase(let path):
      return "\(path) je databáze SQLite jiného programu, ne evidence tsa-report; zůstala, jak"
        + " byla. Nasměrujte --db (nebo TSA_REPORT_DB) na evidenci, nebo na nový soubor."
    case .newerSchema(let path, let found, let supported):
      return "\(path) zapsala novější verze tsa-report (schéma \(found); tato zná nejvýše"
        + " \(supported)). Aktualizujte tsa-report."
    case .readOnly(let path):
      return "databáze \(path) je jen pro čtení. Zkontrolujte oprávnění jí i její složky."
    case .busy(let path):
      return "databázi \(path) příliš dlouho držel zamčenou jiný běh tsa-report. Zkuste to znovu,"
        + " až jiný import skončí."
    case .diskFull(let path):
      return "disk s \(path) je plný; nic nebylo zapsáno. Uvolněte místo a zkuste to znovu."
    case .ioFailure(let path, let reason):
      return "systém odmítl číst nebo zapsat \(path) (\(reason)): není disk plný či vadný, nebo"
        + " nebyl dosažen limit velikosti souboru? Evidence je, jaká byla před tímto příkazem."
    case .sqlite(_, let message, let path):
      return "chyba databáze v \(path): \(message)."
    case .unknownContract(let code, let known):
      return "neznámá smlouva '\(code)'. "
        + (known.isEmpty
          ? "Zatím není žádná smlouva."
          : "Nejbližší známé: \(known.joined(separator: ", ")).")
        + " Přidejte ji příkazem: tsa-report contract add \(code)"
    case .unknownUser(let name, let nearest):
      return "uživatel '\(name)' v evidenci není (ani jako jméno, alias, ani zobrazované jméno). "
        + (nearest.isEmpty
          ? "Zatím nejsou žádní uživatelé: přicházejí s importovanými razítky."
          : "Nejbližší známí: \(nearest.joined(separator: ", ")).")
        + " Viz: tsa-report user list"
    case .unknownCostCentre(let name, let nearest):
      return "nákladovému středisku '\(name)' se neúčtuje žádný uživatel. "
        + (nearest.isEmpty
          ? "Zatím nejsou nastavena žádná střediska: tsa-report user set JMÉNO --cost-centre KÓD"
          : "Nejbližší známá: \(nearest.joined(separator: ", ")). Viz: tsa-report user list")
    case .noContract:
      return "není smlouva, na kterou by šlo razítka účtovat. Nejprve ji přidejte, např.:"
        + " tsa-report contract add F2112000371 --name \"PostSignum TSA\""
    case .ambiguousContract(let known):
      return "smluv je více (\(known.joined(separator: ", "))) a ze vstupu nelze poznat, ke které"
        + " tato razítka patří. Zvolte ji přes --contract ČÍSLO."
    case .duplicateContract(let code):
      return "smlouva '\(code)' už existuje. Viz: tsa-report contract list"
    case .unknownPackage(let id):
      return "balíček s id \(id) neexistuje. Viz: tsa-report package list"
    case .accountTaken(let login, let contract):
      return "účet '\(login)' se už účtuje smlouvě \(contract); účet patří jedné smlouvě."
    case .duplicateRef(let ref, let package):
      return "balíček \(package) už má označení '\(ref)': tatáž faktura dvakrát?"
        + " Viz: tsa-report package list"
    case .paidBeforeOrdered(let paid, let ordered):
      return "zaplaceno \(paid.iso), dříve než objednáno \(ordered.iso); zkontrolujte obě data."
    case .validUntilBeforePaid(let until, let paid):
      return "platnost do \(until.iso), dříve než zaplaceno \(paid.iso); zkontrolujte obě data."
    case .alreadyPaid(let package, let paid, let new):
      return "balíček \(package) byl zaplacen \(paid.iso); chcete-li to změnit na \(new.iso) (jeho"
        + " razítka se pak čerpají od nového dne), přidejte --force."
    case .unknownAccount(let login, let contract, let known):
      return "\(login) není účet smlouvy \(contract)"
        + (known.isEmpty ? " (nemá žádný)." : "; její účty: \(known.joined(separator: ", ")).")
    case .contractInUse(let code, let attempts):
      return "\(code) nelze odebrat: účtuje se jí \(attempts) požadavků v evidenci a importované"
        + " řádky se nikdy neberou zpět. Číslo či název opravíte příkazem: tsa-report contract"
        + " edit \(code) --code NOVÉ --name NÁZEV"
    case .contractHasPackages(let code, let packages):
      return "\(code) má balíčky (\(packages.map(String.init).joined(separator: ", "))); nejprve"
        + " je odeberte, nebo přidejte --force a odeberou se se smlouvou."
    case .packageInUse(let package, let stamps):
      return "z balíčku \(package) je čerpáno \(stamps) razítek; jeho odebrání je přesune na jiné"
        + " balíčky smlouvy nebo je nechá nekryté. Přidejte --force, chcete-li ho přesto odebrat"
        + " (vypíše se, co se kam přesune); opravu místo toho provedete příkazem: tsa-report"
        + " package edit \(package)"
    case .userInUse(let name, let stamps, let aliases):
      var uses: [String] = []
      if stamps > 0 { uses.append("pod tímto jménem je v evidenci \(stamps) požadavků") }
      if aliases.count == 1 { uses.append("\(aliases[0]) se počítá jako \(name) (alias)") }
      if aliases.count > 1 {
        uses.append("\(aliases.joined(separator: ", ")) se počítají jako \(name) (aliasy)")
      }
      return "\(name) se používá: \(uses.joined(separator: "; ")). Přidejte --force, chcete-li ho"
        + " přesto odebrat: jeho aliasy se pak opět počítají samy za sebe a jméno s požadavky"
        + " zůstane (uvádějí je logy) bez zobrazovaného jména, střediska a aliasu."
    case .backupExists(let path):
      return "\(path) už existuje (soubor nebo odkaz); záloha se nikdy nezapisuje přes něj ani"
        + " skrz něj. Zvolte nový název, např. s datem: books-$(date +%F).sqlite"
    case .backupDamaged(let path, let reason):
      return "kopie \(path) neprošla kontrolou integrity (\(reason)); nespoléhejte na ni"
        + " a zkontrolujte disk."
    case .aliasLoop(let alias, let user):
      return "'\(alias)' nemůže být aliasem '\(user)': '\(user)' už zastupuje '\(alias)'."
        + " Viz: tsa-report user list"
    }
  }
}

import ArgumentParser
import Foundation
import TSAImport
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore
import TSASystem

/// Exit codes (sysexits.h; the README lists them).
enum ExitStatus {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let cannotCreate: Int32 = 73
  static let ioError: Int32 = 74
  /// `monthly` for a month no import read after its end.
  static let notRead: Int32 = 1
}

/// What a failed command says and exits with: the message on standard error and the exit code
/// of the README for every typed error of the engine and the shell; nil for the errors
/// argument-parser reports itself (usage, help, `ExitCode`) and for any other error.
struct CommandFailure: Equatable {
  var message: String
  var code: Int32

  init(message: String, code: Int32) {
    self.message = message
    self.code = code
  }

  /// The failure of `error`, said in `language` where the error can be (the run's, by default).
  init?(_ error: Error, in language: Language = Speech.language) {
    self.init(english: error)
    if let said = error as? SaidInLanguages {
      message = said.description(in: language)
    } else if language == .cs, let czech = (error as? SystemError)?.czech {
      message = czech
    }
  }

  /// Its message in English and its exit code.
  private init?(english error: Error) {
    switch error {
    case let error as ImportError:
      switch error {
      case .inputNotFound, .unreadable:
        self.init(message: error.description, code: ExitStatus.noInput)
      case .malformedInStrictMode, .unknownFormat, .unknownContractInRecord, .mostlyMalformed,
        .noContractFor:
        self.init(message: error.description, code: ExitStatus.dataError)
      }
    case let error as StoreError:
      switch error {
      case .unknownContract, .unknownUser, .unknownCostCentre, .noContract, .ambiguousContract,
        .duplicateContract, .unknownPackage, .backupExists, .duplicateRef, .paidBeforeOrdered,
        .validUntilBeforePaid, .alreadyPaid, .unknownAccount, .contractInUse, .contractHasPackages,
        .packageInUse, .userInUse, .accountTaken, .aliasLoop:
        self.init(message: error.description, code: ExitStatus.usage)
      default:
        self.init(message: error.description, code: ExitStatus.ioError)
      }
    case let error as SystemError:
      let code =
        switch error {
        case .usage: ExitStatus.usage
        case .io: ExitStatus.ioError
        case .noInput: ExitStatus.noInput
        case .cannotCreate: ExitStatus.cannotCreate
        }
      self.init(message: error.description, code: code)
    case let error as MonthNotRead:
      self.init(message: error.description, code: ExitStatus.notRead)
    case let error as CloseRefused:
      self.init(
        message: error.description, code: error.isUsage ? ExitStatus.usage : ExitStatus.notRead)
    case let error as ClosedMonthChange:
      self.init(message: error.description, code: ExitStatus.usage)
    case let error as XLSXError:
      self.init(message: error.description, code: ExitStatus.ioError)
    default:
      return nil
    }
  }

  /// `Error: …` as the terminal shows it (what comes from outside escaped).
  var text: String {
    Speech.say(en: "Error: ", cs: "Chyba: ") + TerminalText.escapedLines(message) + "\n"
  }
}

/// The check a command's output gets before it is called a success: a listing printed to a full
/// disk, a closed descriptor or a reader gone is no success.
func flushStandardOutput() throws {
  if fflush(nil) != 0 { throw standardOutputFailure(errno) }
}

/// Writes a message for the person at the terminal (standard error; a closed one loses it,
/// never the command).
func note(_ message: String) {
  _ = try? write(Array((TerminalText.escapedLines(message) + "\n").utf8), to: STDERR_FILENO)
}

/// Writes text to standard error as it is (a closed one loses it, never the command).
func writeStandardError(_ text: String) {
  _ = try? write(Array(text.utf8), to: STDERR_FILENO)
}

/// Writes text to standard output, after whatever was printed before it; a failed write is an
/// I/O error (exit 74) with the reason, never a crash.
func writeStandardOutput(_ text: String) throws {
  guard fflush(nil) == 0 else { throw standardOutputFailure(errno) }
  do {
    try write(Array(text.utf8), to: STDOUT_FILENO)
  } catch let error as POSIXError {
    throw standardOutputFailure(error.code.rawValue)
  }
}

private func standardOutputFailure(_ code: Int32) -> SystemError {
  let reason = String(cString: strerror(code))
  return SystemError.io(
    "cannot write to standard output (\(reason)): "
      + (code == ENOSPC
        ? "the disk it goes to is full; free space, or write the report with --output FILE."
        : "it is closed or its reader is gone; run the command with its output open, or use"
          + " --output FILE."),
    cs: "na standardní výstup nelze zapisovat (\(reason)); "
      + (code == ENOSPC
        ? "disk, na který vede, je plný; uvolněte místo, nebo přehled zapište s --output SOUBOR."
        : "je zavřený nebo jeho čtenář skončil; spusťte příkaz s otevřeným výstupem, nebo použijte"
          + " --output SOUBOR."))
}

/// All of `bytes` to a descriptor, resumed after a signal; the error number when it fails.
private func write(_ bytes: [UInt8], to descriptor: Int32) throws {
  var done = 0
  while done < bytes.count {
    let count = bytes.withUnsafeBytes { raw in
      Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
    }
    if count < 0 {
      if errno == EINTR { continue }
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    done += count
  }
}

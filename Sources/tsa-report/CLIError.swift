import ArgumentParser
import Foundation
import TSAReport

/// Errors found by the shell itself.
enum CLIError: Error, CustomStringConvertible {
  case usage(String)
  case io(String)
  case noInput(String)

  /// The sentence itself (never `usage("…")`).
  var description: String {
    switch self {
    case .usage(let message), .io(let message), .noInput(let message): message
    }
  }
}

/// Exit codes of product.md §6 (sysexits.h).
enum ExitStatus {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let ioError: Int32 = 74
}

/// Runs a command body and turns the core's typed errors into a message on stderr and the
/// right exit code: never a stack trace or a raw SQLite error.
func reportingErrors(_ body: () throws -> Void) throws {
  // Books and reports are private by default: new files 0600, new folders 0700.
  umask(0o077)
  do {
    try body()
  } catch let error as ImportError {
    switch error {
    case .inputNotFound, .unreadable: fail(error.description, ExitStatus.noInput)
    case .malformedInStrictMode, .unknownFormat, .unknownContractInRecord, .mostlyMalformed:
      fail(error.description, ExitStatus.dataError)
    }
  } catch let error as StoreError {
    switch error {
    case .unknownContract, .unknownUser, .unknownCostCentre, .noContract, .ambiguousContract,
      .duplicateContract, .unknownPackage, .backupExists, .duplicateRef, .paidBeforeOrdered,
      .validUntilBeforePaid, .alreadyPaid, .unknownAccount, .contractInUse, .contractHasPackages,
      .packageInUse, .userInUse, .accountTaken, .aliasLoop:
      fail(error.description, ExitStatus.usage)
    default:
      fail(error.description, ExitStatus.ioError)
    }
  } catch let error as ExitCode {
    throw error
  } catch let error as CLIError {
    switch error {
    case .usage(let message): fail(message, ExitStatus.usage)
    case .io(let message): fail(message, ExitStatus.ioError)
    case .noInput(let message): fail(message, ExitStatus.noInput)
    }
  }
}

private func fail(_ message: String, _ code: Int32) -> Never {
  FileHandle.standardError.write(Data("Error: \(TerminalText.escapedLines(message))\n".utf8))
  exit(code)
}

/// Writes a message for the person at the terminal (standard error).
func note(_ message: String) {
  FileHandle.standardError.write(Data((TerminalText.escapedLines(message) + "\n").utf8))
}

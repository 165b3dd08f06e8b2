import ArgumentParser
import Foundation
import TSAImport
import TSAModel
import TSAReport
import TSAStore
import TSASystem

/// Errors found by the shell itself.
enum CLIError: Error, CustomStringConvertible {
  case usage(String)
  case io(String)
  case noInput(String)
  /// An output that cannot be made without replacing what is not ours (exit 73).
  case cannotCreate(String)

  /// The sentence itself (never `usage("…")`).
  var description: String {
    switch self {
    case .usage(let message), .io(let message), .noInput(let message),
      .cannotCreate(let message):
      message
    }
  }
}

/// Exit codes of product.md §6 (sysexits.h).
enum ExitStatus {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let cannotCreate: Int32 = 73
  static let ioError: Int32 = 74
}

/// Runs a command body and turns the core's typed errors into a message on stderr and the
/// right exit code: never a stack trace or a raw SQLite error.
func reportingErrors(_ body: () throws -> Void) throws {
  // Books and reports are private by default: new files 0600, new folders 0700.
  umask(0o077)
  do {
    try body()
    // A listing printed to a full disk, a closed descriptor or a reader gone is no success.
    if fflush(nil) != 0 { throw CLIError.io(standardOutputFailure(errno)) }
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
    case .cannotCreate(let message): fail(message, ExitStatus.cannotCreate)
    }
  }
}

private func fail(_ message: String, _ code: Int32) -> Never {
  _ = try? write(Array("Error: \(TerminalText.escapedLines(message))\n".utf8), to: STDERR_FILENO)
  exit(code)
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
  guard fflush(nil) == 0 else { throw CLIError.io(standardOutputFailure(errno)) }
  do {
    try write(Array(text.utf8), to: STDOUT_FILENO)
  } catch let error as POSIXError {
    throw CLIError.io(standardOutputFailure(error.code.rawValue))
  }
}

private func standardOutputFailure(_ code: Int32) -> String {
  let reason = String(cString: strerror(code))
  return "cannot write to standard output (\(reason)): "
    + (code == ENOSPC
      ? "the disk it goes to is full; free space, or write the report with --output FILE."
      : "it is closed or its reader is gone; run the command with its output open, or use --output FILE.")
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

import Foundation
import TSAImport
import TSAModel
import TSAReport

/// A one-line progress bar on standard error, drawn only when that is a terminal.
final class ProgressBar: @unchecked Sendable {
  private var lastDrawn = Date.distantPast

  static func ifTerminal() -> ProgressBar? {
    isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
  }

  func update(_ progress: ImportProgress) {
    guard Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
    lastDrawn = Date()
    let name = (progress.path as NSString).lastPathComponent
    var line = "\r\(name): \(progress.bytesRead / 1_048_576) MiB"
    if let total = progress.totalBytes, total > 0 {
      let share = min(1, Double(progress.bytesRead) / Double(total))
      let filled = Int(share * 30)
      line =
        "\r\(name) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))]"
        + " \(Int(share * 100))%"
    }
    writeStandardError(line + "\u{1B}[K")
  }

  /// Removes the bar before the summary is printed.
  static func clear() {
    if isatty(STDERR_FILENO) == 1 { writeStandardError("\r\u{1B}[K") }
  }
}

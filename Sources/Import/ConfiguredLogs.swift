import Foundation
import TSAModel
import TSASystem

/// The logs a settings file names (`logs = ["/var/log/nginx/tsa-access.log"]`), as files to
/// import: each pattern is expanded like a shell glob, and each log found brings its rotated
/// copies beside it — `NAME.1`, `NAME.2.gz`, `NAME-20261126`, `NAME-20261126.gz` (logrotate
/// with and without `dateext`) — so that the lines written between the last import and
/// logrotate's rename are never left behind. Rotated copies come first, oldest first, then the
/// live log: the order the lines were written in.
public enum ConfiguredLogs {
  public struct Expansion: Equatable, Sendable {
    /// Files to import, each once.
    public var paths: [String] = []
    /// Patterns that matched nothing.
    public var unmatched: [String] = []
  }

  public static func expand(_ patterns: [String]) -> Expansion {
    var expansion = Expansion()
    var seen: Set<String> = []
    for pattern in patterns {
      let matches = glob(pattern)
      if matches.isEmpty {
        expansion.unmatched.append(pattern)
        continue
      }
      var files: [String] = []
      for match in matches {
        files.append(contentsOf: rotations(of: match))
        files.append(match)
      }
      for file in ordered(files) where seen.insert(file).inserted {
        expansion.paths.append(file)
      }
    }
    return expansion
  }

  /// The rotated copies of `path` in its folder, by logrotate's names.
  public static func rotations(of path: String) -> [String] {
    let folder = PathText.folder(of: path)
    let name = (path as NSString).lastPathComponent
    guard
      let entries = try? FileManager.default.contentsOfDirectory(
        atPath: folder.isEmpty ? "." : folder)
    else { return [] }
    return entries.filter {
      $0.hasPrefix(name) && rotationAge(String($0.dropFirst(name.count))) != nil
    }
    .map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }
  }

  /// How old a rotated copy is from the text after the log's name: `.3` or `.3.gz` → 3 (older
  /// with a larger number), `-20261126` → a date (older with a smaller one, so negated); nil
  /// when the text is not a rotation suffix.
  static func rotationAge(_ suffix: String) -> Int64? {
    var text = Substring(suffix)
    if text.hasSuffix(".gz") { text = text.dropLast(3) }
    guard let mark = text.first, mark == "." || mark == "-" else { return nil }
    let digits = text.dropFirst()
    guard !digits.isEmpty, digits.count <= 14, digits.allSatisfy({ ("0"..."9").contains($0) }),
      let number = Int64(digits)
    else { return nil }
    if mark == "." { return digits.count <= 4 ? number : nil }
    return digits.count >= 8 ? -number : nil
  }

  /// Oldest first: numbered copies by falling number, dated ones by rising date, live logs last.
  static func ordered(_ files: [String]) -> [String] {
    func key(_ path: String) -> Int64 {
      let name = (path as NSString).lastPathComponent
      // The age of the copy relative to its base name: find the suffix that parses.
      for (offset, character) in name.enumerated()
      where offset > 0 && (character == "." || character == "-") {
        // Numbered: larger is older; dated: rotationAge is -date, larger is older too.
        if let age = rotationAge(String(name.dropFirst(offset))) { return age }
      }
      return Int64.min
    }
    return files.enumerated().sorted { left, right in
      let leftAge = key(left.element)
      let rightAge = key(right.element)
      if leftAge != rightAge { return leftAge > rightAge }
      return left.offset < right.offset
    }.map(\.element)
  }

  /// The paths `pattern` names (sorted), following the shell's rules: a pattern without a
  /// wildcard names itself when it exists.
  static func glob(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
    return (0..<Int(result.gl_pathc)).compactMap { index in
      result.gl_pathv[index].map { String(cString: $0) }
    }
  }
}

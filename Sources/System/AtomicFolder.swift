import Foundation

// glibc declares it only under _GNU_SOURCE.
@_silgen_name("renameat2")
private func renameat2(
  _ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32,
  _ newpath: UnsafePointer<CChar>, _ flags: UInt32
) -> Int32
private let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE

/// Builds a folder under an unpredictable temporary name beside `path` (`mkdtemp`), then puts
/// it in place of any older one by an atomic exchange (`renameat2(RENAME_EXCHANGE)`): a reader
/// sees the old bundle or the new one, never half of one and never none.
package func writeFolderAtomically(
  _ path: String, permissions: BundlePermissions? = nil, _ body: (String) throws -> Void
) throws {
  let manager = FileManager.default
  let parent = PathText.folder(of: path)
  let name = (path as NSString).lastPathComponent
  let directory = parent.isEmpty ? "." : parent
  // A run killed midway leaves its temporary folder behind: clear those of dead processes.
  let prefix = ".\(name).tmp-"
  for leftover in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
  where leftover.hasPrefix(prefix) {
    let pid = Int32(leftover.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    if pid > 0 && kill(pid, 0) != 0 {
      try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(leftover))
    }
  }
  if !manager.fileExists(atPath: directory) {
    try manager.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: permissions?.folderMode ?? 0o700])
    try permissions?.apply(to: directory, isFolder: true)
  }
  var template = Array((directory + "/" + prefix + "\(getpid())-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    let reason = String(cString: strerror(errno))
    throw SystemError.io(
      "cannot write in \(directory): \(reason).", cs: "do \(directory) nelze zapisovat (\(reason))."
    )
  }
  let temporary = String(cString: made)
  do {
    try body(temporary)
    try Data().write(to: URL(fileURLWithPath: temporary + "/" + bundleMarker))
    try permissions?.applyToTree(temporary)
    var info = stat()
    if lstat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw SystemError.cannotCreate(
          "\(path) is there and is not a folder; move it away or choose --out.",
          cs: "\(path) už existuje a není to složka; přesuňte ho jinam, nebo zvolte --out.")
      }
      // Only a bundle this program wrote is replaced: one with the marker, or (written before
      // the marker) one holding nothing but the files a bundle holds.
      let old = Set((try? manager.contentsOfDirectory(atPath: path)) ?? [])
      let own = Set(try manager.contentsOfDirectory(atPath: temporary))
      guard old.contains(bundleMarker) || old.isSubset(of: own) else {
        let holds = old.subtracting(own).sorted().prefix(3).joined(separator: ", ")
        throw SystemError.cannotCreate(
          "\(path) is there and is not a bundle tsa-report wrote (it holds \(holds)); nothing was"
            + " replaced. Move it away, or write the bundle elsewhere with --out.",
          cs: "\(path) už existuje a není to balík zapsaný tsa-report (obsahuje \(holds)); nic"
            + " nebylo nahrazeno. Přesuňte ho jinam, nebo balík zapište jinam přes --out.")
      }
      guard renameat2(AT_FDCWD, temporary, AT_FDCWD, path, renameExchange) == 0 else {
        let reason = String(cString: strerror(errno))
        throw SystemError.io(
          "cannot put \(path) in place: \(reason).", cs: "\(path) nelze umístit (\(reason)).")
      }
      try? manager.removeItem(atPath: temporary)  // the old bundle, now under the temporary name
    } else {
      guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        throw SystemError.io(
          "cannot put \(path) in place: \(reason).", cs: "\(path) nelze umístit (\(reason)).")
      }
    }
  } catch {
    try? manager.removeItem(atPath: temporary)
    // The books' and the writers' own errors are said as they are.
    if error is DescribedError { throw error }
    let reason = (error as NSError).localizedDescription
    throw SystemError.io(
      "cannot write \(path): \(reason).", cs: "\(path) nelze zapsat (\(reason)).")
  }
}

/// The empty file that marks a folder as a bundle tsa-report wrote, and may replace.
let bundleMarker = ".tsa-report-bundle"

/// Who may read a monthly bundle besides its writer: the files' mode and group, set on every
/// file and folder before the bundle is put in place.
package struct BundlePermissions {
  package var fileMode: mode_t
  package var group: gid_t?
  package var groupName: String?

  /// A folder may be entered by whoever may read it.
  package var folderMode: mode_t { fileMode | ((fileMode & 0o444) >> 2) }

  /// `0640`, `640` → the mode; anything else (or a mode that would shut out the owner, or give
  /// write or execute to others) is refused.
  package static func mode(_ text: String, from origin: String) throws -> mode_t {
    guard !text.isEmpty, text.count <= 4, let value = mode_t(text, radix: 8), value <= 0o777
    else {
      throw SystemError.usage(
        "\(origin) '\(text)' is not a file mode; write it in octal, e.g. 0640 (owner reads and"
          + " writes, group reads).",
        cs: "\(origin) '\(text)' nejsou práva souboru; pište je osmičkově, např. 0640 (vlastník"
          + " čte a zapisuje, skupina čte).")
    }
    guard value & 0o600 == 0o600 else {
      throw SystemError.usage(
        "\(origin) '\(text)' would stop tsa-report replacing its own files; the owner needs read"
          + " and write (6), e.g. 0640.",
        cs: "\(origin) '\(text)' by tsa-report zabránilo nahrazovat vlastní soubory; vlastník"
          + " potřebuje čtení a zápis (6), např. 0640.")
    }
    guard value & 0o113 == 0 else {
      throw SystemError.usage(
        "\(origin) '\(text)' gives others write or anyone execute; a bundle needs neither, use"
          + " e.g. 0640 or 0644.",
        cs: "\(origin) '\(text)' dává ostatním zápis nebo komukoli spouštění; balík nepotřebuje"
          + " ani jedno, použijte např. 0640 nebo 0644.")
    }
    return value
  }

  package func apply(to path: String, isFolder: Bool) throws {
    if let group, chown(path, uid_t.max, group) != 0 {
      let reason = String(cString: strerror(errno))
      let name = groupName ?? String(group)
      throw SystemError.io(
        "cannot give \(path) to the group '\(name)': \(reason); run as a member of that group (or"
          + " root).",
        cs: "\(path) nelze předat skupině '\(name)' (\(reason)); spusťte jako člen té skupiny"
          + " (nebo root).")
    }
    guard chmod(path, isFolder ? folderMode : fileMode) == 0 else {
      let reason = String(cString: strerror(errno))
      throw SystemError.io(
        "cannot set the mode of \(path): \(reason).",
        cs: "\(path) nelze nastavit práva (\(reason)).")
    }
  }

  package func applyToTree(_ root: String) throws {
    try apply(to: root, isFolder: true)
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: root) else { return }
    while let relative = walker.nextObject() as? String {
      let full = (root as NSString).appendingPathComponent(relative)
      var info = stat()
      guard lstat(full, &info) == 0 else { continue }
      try apply(to: full, isFolder: info.st_mode & S_IFMT == S_IFDIR)
    }
  }

  package init(
    fileMode: mode_t, group: gid_t? = nil, groupName: String? = nil
  ) {
    self.fileMode = fileMode
    self.group = group
    self.groupName = groupName
  }
}

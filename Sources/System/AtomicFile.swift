import Foundation

/// Lets `body` write `path` in a private folder made beside it (`mkdtemp`: an unpredictable
/// name, mode 0700, so nothing planted in a shared folder can redirect the write), then renames
/// the file into place. Only a regular file (or nothing) is replaced: a device, a FIFO, a folder
/// or a symbolic link at `path` is refused — `-o /dev/full` must not replace the device.
package func writeAtomically(to path: String, _ body: (String) throws -> Void) throws {
  try refuseNonRegular(path)
  let folder = PathText.folder(of: path)
  var template = Array(
    ((folder.isEmpty ? "." : folder) + "/.tsa-report-\(getpid())-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    let reason = String(cString: strerror(errno))
    let shown = folder.isEmpty ? "." : folder
    throw SystemError.io(
      "cannot write in \(shown): \(reason).", cs: "do \(shown) nelze zapisovat (\(reason)).")
  }
  let scratch = String(cString: made)
  let temporary = scratch + "/" + (path as NSString).lastPathComponent
  defer {
    unlink(temporary)
    rmdir(scratch)
  }
  do {
    try body(temporary)
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      throw SystemError.io(
        "cannot write \(path): \(reason).", cs: "\(path) nelze zapsat (\(reason)).")
    }
  } catch let error as SystemError {
    throw error
  } catch let error as DescribedError {
    // A writer's own error (a workbook that cannot be written) names the file it was given:
    // said with the name the user gave.
    throw SystemError.io(error.description.replacingOccurrences(of: temporary, with: path))
  } catch {
    let reason = (error as NSError).localizedDescription
    throw SystemError.io(
      "cannot write \(path): \(reason).", cs: "\(path) nelze zapsat (\(reason)).")
  }
}

/// An error unless `path` is a regular file or nothing.
func refuseNonRegular(_ path: String) throws {
  var info = stat()
  guard lstat(path, &info) == 0 else { return }  // nothing there: it will be made
  let kind = info.st_mode & S_IFMT
  guard kind != S_IFREG else { return }
  let what: (en: String, cs: String) =
    switch kind {
    case S_IFDIR: ("a folder", "složka")
    case S_IFLNK: ("a symbolic link", "symbolický odkaz")
    case S_IFCHR, S_IFBLK: ("a device", "zařízení")
    case S_IFIFO: ("a FIFO", "FIFO")
    default: ("not a regular file", "není obyčejný soubor")
    }
  throw SystemError.io(
    "\(path) is \(what.en), not a file; write the report to a file, or to standard output"
      + " (leave out --output, or give -o -).",
    cs: "\(path) je \(what.cs), ne soubor; zapište přehled do souboru, nebo na standardní výstup"
      + " (vynechte --output, nebo uveďte -o -).")
}

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
    throw SystemError.io(
      "cannot write in \(folder.isEmpty ? "." : folder): \(String(cString: strerror(errno))).")
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
      throw SystemError.io("cannot write \(path): \(String(cString: strerror(errno))).")
    }
  } catch let error as SystemError {
    throw error
  } catch let error as DescribedError {
    // A writer's own error (a workbook that cannot be written) names the file it was given:
    // said with the name the user gave.
    throw SystemError.io(error.description.replacingOccurrences(of: temporary, with: path))
  } catch {
    throw SystemError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}

/// An error unless `path` is a regular file or nothing.
func refuseNonRegular(_ path: String) throws {
  var info = stat()
  guard lstat(path, &info) == 0 else { return }  // nothing there: it will be made
  let kind = info.st_mode & S_IFMT
  guard kind != S_IFREG else { return }
  let what =
    switch kind {
    case S_IFDIR: "a folder"
    case S_IFLNK: "a symbolic link"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFIFO: "a FIFO"
    default: "not a regular file"
    }
  throw SystemError.io(
    "\(path) is \(what), not a file; write the report to a file, or to standard output"
      + " (leave out --output, or give -o -).")
}

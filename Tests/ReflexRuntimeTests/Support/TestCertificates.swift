import Foundation
import Glibc

/// A throwaway PKI made with `openssl` for one test: a CA, a server certificate it signs for 127.0.0.1
/// (subjectAltName IP:127.0.0.1), and an unrelated CA that must not be trusted for that server.
final class TestCertificates {
    let directory: String
    var ca: String { directory + "/ca.pem" }
    var otherCA: String { directory + "/other-ca.pem" }
    var serverCertificate: String { directory + "/server.pem" }
    var serverKey: String { directory + "/server.key" }

    init() throws {
        var template = Array("/tmp/reflex-pki-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        directory = String(cString: made)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, subject) in [("ca", "/CN=Reflex Test CA"), ("other-ca", "/CN=Reflex Other CA")] {
            try ChildProcess.run(
                "openssl",
                ["req", "-x509"] + key + [
                    "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem",
                    "-days", "2", "-subj", subject,
                ])
        }
        try ChildProcess.run(
            "openssl",
            ["req"] + key + [
                "-keyout", serverKey, "-out", "\(directory)/server.csr", "-subj", "/CN=127.0.0.1",
            ])
        let extensions = "\(directory)/server.ext"
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        try ChildProcess.run(
            "openssl",
            [
                "x509", "-req", "-in", "\(directory)/server.csr", "-CA", ca, "-CAkey", "\(directory)/ca.key",
                "-set_serial", "2", "-days", "2", "-extfile", extensions, "-out", serverCertificate,
            ])
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

import Foundation
import Testing

/// The static binary users install (`swift build -c release --static-swift-stdlib`, stripped;
/// `.ci/run` builds it and sets CRITIQUE_STATIC_BINARY). It was 60 MB stripped while anything
/// reached the part of Foundation that links its internationalisation library and ICU data
/// (`String(format:)`, `NSLock`, `Thread`, `FileHandle`, `NSString` paths, `ProcessInfo`);
/// without them it was 16.8 MB, of which 7.2 MB was FoundationEssentials itself (any use of
/// it links that much). With Codable over the core's own JSON reader and writer the product
/// uses no Foundation at all, and it is 9.8 MB.
@Suite("Static binary")
struct BinarySizeTests {
    static let binary = ProcessInfo.processInfo.environment["CRITIQUE_STATIC_BINARY"]
    /// A guard, not the goal: 2.2 MB over today's size, far under what FoundationEssentials
    /// (7.2 MB) or ICU (~45 MB) would add.
    static let limit = 12_000_000

    @Test("The stripped static binary stays under 12 MB and carries neither Foundation nor ICU",
          .enabled(if: EditorHarness.isCI || binary != nil, "SKIPPED: set CRITIQUE_STATIC_BINARY to a stripped static build (.ci/run does)"))
    func size() throws {
        guard let binary = Self.binary, let attributes = try? FileManager.default.attributesOfItem(atPath: binary) else {
            Issue.record("no static binary: .ci/run builds one and sets CRITIQUE_STATIC_BINARY"); return
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 1_000_000 && size < Self.limit, "the stripped static binary is \(size) bytes; the limit is \(Self.limit)")
        let data = try Data(contentsOf: URL(fileURLWithPath: binary))
        for marker in ["ucal_open", "icudt", "udat_open"] {
            #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker) is in the binary: something pulls in Foundation's internationalisation (ICU) again")
        }
        // Type metadata names its module even in a stripped binary.
        #expect(data.range(of: Data("FoundationEssentials".utf8)) == nil, "FoundationEssentials is in the binary: a product module imports it again")
        let (status, output) = try EditorClientTests.runClient(binary, ["--version"], environment: ProcessInfo.processInfo.environment, timeout: 30)
        #expect(status == 0 && output.hasPrefix("critique "), "\(output)")
    }
}

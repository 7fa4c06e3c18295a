// libFuzzer entry point for the `framer` target. The checks are FuzzPipelines.framer
// (Tests/CritiqueTests/FuzzPipelines.swift), shared with FuzzRegressionTests; this file only
// turns a broken invariant into a crash libFuzzer records. Not a SwiftPM target:
// Tests/Fuzz/run.sh compiles it with the sources, Framer.swift and FuzzPipelines.swift using
// `swiftc -sanitize=fuzzer,address -parse-as-library`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let broken = FuzzPipelines.framer(Array(UnsafeBufferPointer(start: data, count: size)))
    if !broken.isEmpty { fatalError("framer: " + broken.joined(separator: "; ")) }
    return 0
}

public enum LanguageServer { public static func runStdio() -> Int32 { 0 } }

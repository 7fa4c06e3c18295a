import CritiqueCLI
CLI.main()

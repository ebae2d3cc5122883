from alliances_cli.cli import main

main()

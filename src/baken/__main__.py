from baken.cli import main

main()

from coo_todo.cli import main

main()

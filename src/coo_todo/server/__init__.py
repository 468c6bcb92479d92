"""The resident command server: it imports the whole stack and builds the command once, then
forks one worker per ``todo`` it is asked to run (see ``coo_todo.client`` for the other end
and ``coo_todo.channel`` for the socket and the messages).
"""

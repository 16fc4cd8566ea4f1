"""PyMySQL (Debian python3-pymysql, run with /usr/bin/python3) against CometQL: inserts and selects.

Usage: /usr/bin/python3 pymysql_client.py <port> <password> <first user id>
Prints {"rows": [[id, hash], ...], "history": [message, ...], "error": <code of a bad statement>} as JSON.
"""
import json
import sys

import pymysql

port, password, first_id = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connection = pymysql.connect(host="127.0.0.1", port=port, user="root", password=password, database="CometQL_v1")
with connection.cursor() as cursor:
    for i in range(3):
        cursor.execute("INSERT INTO users_auth (id, hash) VALUES (%s, %s)", (first_id + i, "py_key_%d" % i))
    cursor.execute("SELECT id, hash FROM users_auth WHERE id IN (%s, %s, %s)", (first_id, first_id + 1, first_id + 2))
    rows = [list(row) for row in cursor.fetchall()]

    cursor.execute("INSERT INTO pipes_settings (name, length) VALUES (%s, %s)", ("py_channel", 10))
    cursor.execute("INSERT INTO pipes_messages (name, event, message) VALUES (%s, %s, %s)",
                   ("py_channel", "ev", 'it\'s "quoted" \\ {"n":1}'))
    cursor.execute("SELECT message FROM pipes_messages WHERE name = %s", ("py_channel",))
    history = [row[0] for row in cursor.fetchall()]

    error = None
    try:
        cursor.execute("SELECT * FROM nosuch WHERE id = 1")
    except pymysql.MySQLError as e:
        error = e.args[0]
connection.close()
print(json.dumps({"rows": rows, "history": history, "error": error}))

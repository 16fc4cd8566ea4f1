package org.cometserver.cometql.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PHP (mysqli, PDO) and PyMySQL against the protocol layer. */
class ScriptClientsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void phpMysqliAndPdo() throws Exception {
        String script = """
                $port = (int) $argv[1];
                $db = mysqli_connect('127.0.0.1', 'root', 'CometQLPassword', 'CometQL_v1', $port);
                $msg = mysqli_real_escape_string($db, '{"a":"it\\'s"}');
                mysqli_query($db, "INSERT INTO pipes_messages (name, event, message) VALUES ('web', 'e', '$msg')");
                echo mysqli_affected_rows($db), "|", mysqli_insert_id($db), "\\n";
                $r = mysqli_query($db, 'select rows');
                while ($row = mysqli_fetch_assoc($r)) { echo $row['id'], '=', var_export($row['name'], true), "\\n"; }
                $s = $db->prepare('SELECT ?, ?');
                $a = 5; $b = 'héllo';
                $s->bind_param('is', $a, $b);
                $s->execute();
                $s->bind_result($x, $y);
                $s->fetch();
                echo $x, '|', $y, "\\n";
                $s->close();
                try { mysqli_query($db, 'error 14'); } catch (mysqli_sql_exception $e) { echo 'E', $e->getCode(), "\\n"; }
                $pdo = new PDO("mysql:host=127.0.0.1;port=$port;dbname=CometQL_v1", 'root', 'CometQLPassword');
                echo $pdo->query('select rows')->fetchColumn(1), "\\n";
                $q = $pdo->prepare('SELECT ?');
                $q->execute(['pdo']);
                echo $q->fetchColumn(0), "\\n";
                """;
        assertEquals("1|42\n1='alpha'\n2=NULL\nLong:5|String:héllo\nE14\nalpha\n"
                        + "SELECT 'pdo'\n",
                run(List.of("/usr/bin/php", "-r", script, String.valueOf(server.port()))));
    }

    @Test
    void pymysql() throws Exception {
        String script = """
                import sys, pymysql
                db = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user='root', password='CometQLPassword', database='CometQL_v1')
                cur = db.cursor()
                print(cur.execute("INSERT INTO pipes_messages (name, event, message) VALUES (%s, %s, %s)", ('web', 'e', "it's")))
                cur.execute('select rows')
                print(cur.fetchall())
                try:
                    cur.execute('error 13')
                except pymysql.err.MySQLError as e:
                    print(e.args[0])
                """;
        assertEquals("1\n(('1', 'alpha'), ('2', None))\n13\n",
                run(List.of("/usr/bin/python3", "-c", script, String.valueOf(server.port()))));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}

"""Real threads on real connections, released together: how the concurrency tests make two people act at once."""
import threading

from django.db import connection


def at_once(*actions, refusal):
    """Run each action in its own thread, released together by a barrier; returns (successes, refusals).

    ``refusal`` is the exception class a service raises to refuse (``CaseActionError``, ``OrdersError`` …); any
    other exception fails the test. Each thread closes its own connection, so the database sees separate sessions.
    """
    barrier = threading.Barrier(len(actions))
    done, refused, crashed = [], [], []

    def run(action):
        try:
            barrier.wait(timeout=30)
            done.append(action())
        except refusal as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001  (anything else is a failure of the test)
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not crashed, crashed
    return done, refused

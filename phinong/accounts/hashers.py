"""Password hashing: Argon2id (argon2-cffi), sized for many officers logging in at once.

Django's own Argon2 settings take 100 MiB and about 0.2 s of CPU per login on a 2-core machine;
OWASP's recommended minimum for Argon2id (19 MiB of memory, 2 passes, 1 lane) takes about 25 ms,
so 20 logins at the same moment cost half a second instead of several. The hashes are Django's
ordinary "argon2$argon2id$..." strings; a hash made with other parameters is re-made at the next
login, as an old PBKDF2 hash is (PASSWORD_HASHERS keeps PBKDF2 to read them).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PhinongArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

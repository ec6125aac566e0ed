"""The engine that makes document sets, used alike by ``genereer`` and ``batch``.

Above the stages (intake, documenten, controle) and below the policies around it: the
batch adds workers, fingerprints, resume, a lock and reports; ``genereer`` is the same
engine in one process.
"""

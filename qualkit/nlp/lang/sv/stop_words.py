"""Swedish function words that carry no theme on their own.

Negations are kept apart: "inte" and "aldrig" turn "de lyssnade" into its opposite, so
features and keyword matching must see them even though they are frequent.
"""

NEGATIONS = frozenset(
    """
    inte icke ej ingen inget inga aldrig ingenting ingenstans varken
    """.split()
)

# Words that speech puts between the words of a phrase without changing what it is about:
# adverbs ("hon brydde sig verkligen om mig", "dom pratade ju aldrig med varandra") and
# determiners ("förlora min ersättning", "prata med en vägg").
SOFTENERS = frozenset(
    """
    ju väl nog verkligen faktiskt alltid ens också heller alls nånsin någonsin bara
    riktigt egentligen då
    en ett min mitt mina sin sitt sina din ditt dina hans hennes deras vår vårt våra
    """.split()
)

STOP_WORDS = frozenset(
    """
    och i att det som en på är av för med till den har de om ett han men var jag
    sig från vi så kan man när år säger hon under också efter eller nu sin där vid
    mot ska skulle kommer ut får finns vara hade alla andra mycket än här då sedan
    sen över bara vad mer ju dom dem oss honom henne hans hennes deras vår våra vårt
    min mitt mina din ditt dina sitt sina mig dig mej dej er ni du hur vilken vilket
    vilka vem varför någon något några nån nåt nåra detta dessa denna sådan sådant
    sådana själv samma även eftersom medan utan innan genom hos bland åt upp ner
    in ur fram bort hit dit vart blir blev bli varit vore är var varje redan
    ja nej jo väl nog ju kanske också igen alltid ibland både antingen
    """.split()
)

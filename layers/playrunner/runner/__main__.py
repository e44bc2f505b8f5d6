import sys

from playrunner.runner.main import main

sys.exit(main())

from bench.load.run import main

raise SystemExit(main())
